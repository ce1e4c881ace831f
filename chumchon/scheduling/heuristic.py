"""Construction, repair and polishing heuristics working on a :class:`State`."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

import numpy as np

from .problem import Problem
from .state import TABLE, UNPLACED, State


def fcfs(pb: Problem) -> State:
    """First come, first served: each request in arrival order takes its earliest free slot."""
    st = State(pb)
    for r in range(pb.n_requests):
        for s in pb.common[r]:
            loc = st.can_place(r, s)
            if loc is not None:
                st.place(r, s, loc)
                break
    st.commit()
    return st


def _adjacency(st: State, r: int, s: int) -> int:
    """How many neighbouring slots (same session) already hold a meeting of r's participants."""
    pb = st.pb
    n_s = pb.n_slots
    sess = pb.session_of[s]
    score = 0
    for p in (pb.ra[r], pb.rb[r]):
        row = st.busy[p]
        if s > 0 and pb.session_of[s - 1] == sess and row[s - 1] != UNPLACED:
            score += 1
        if s + 1 < n_s and pb.session_of[s + 1] == sess and row[s + 1] != UNPLACED:
            score += 1
    return score


def best_slot(st: State, r: int, slots: Iterable[int] | None = None) -> tuple[int, int] | None:
    """A feasible (slot, location) for r, preferring slots next to the participants' meetings."""
    best: tuple[int, int] | None = None
    best_score = -1.0
    pb = st.pb
    table = pb.needs_table(r)
    for s in pb.common[r] if slots is None else slots:
        loc = st.can_place(r, s)
        if loc is None:
            continue
        score = 2.0 * _adjacency(st, r, s)
        if table and pb.n_tables:
            score -= st.tables_used[s] / pb.n_tables
        if score > best_score:
            best, best_score = (s, loc), score
    return best


def greedy(pb: Problem, order: Sequence[int], st: State | None = None) -> State:
    """Place requests in the given order, each in its best free slot."""
    st = State(pb) if st is None else st
    for r in order:
        if st.slot_of[r] != UNPLACED:
            continue
        choice = best_slot(st, r)
        if choice is not None:
            st.place(r, *choice)
    st.commit()
    return st


def weight_order(pb: Problem) -> list[int]:
    """Heaviest first; among equals, the most constrained (fewest common slots, busiest people)."""
    demand = np.zeros(pb.n_participants)
    for r in range(pb.n_requests):
        demand[pb.ra[r]] += 1
        demand[pb.rb[r]] += 1
    slack = np.array(pb.cap, dtype=np.float64) / np.maximum(demand, 1)
    keys = [
        (-float(pb.weight[r]), len(pb.common[r]), min(slack[pb.ra[r]], slack[pb.rb[r]]), r)
        for r in range(pb.n_requests)
    ]
    keys.sort()
    return [k[3] for k in keys]


def lp_guided(pb: Problem, col_r: np.ndarray, col_s: np.ndarray, x: np.ndarray) -> State:
    """Round the LP solution: place columns by decreasing LP value, then fill greedily."""
    st = State(pb)
    w = pb.weight[col_r]
    order = np.lexsort((-w, -x))
    for c in order:
        if x[c] < 1e-6:
            break
        r, s = int(col_r[c]), int(col_s[c])
        if st.slot_of[r] != UNPLACED:
            continue
        loc = st.can_place(r, s)
        if loc is not None:
            st.place(r, s, loc)
    return greedy(pb, weight_order(pb), st)


def _relocate(st: State, r: int, avoid: int) -> bool:
    choice = best_slot(st, r, [s for s in st.pb.common[r] if s != avoid])
    if choice is None:
        return False
    st.place(r, *choice)
    return True


def try_insert(st: State, r: int, locked: set[int] | None = None, max_evict: int = 6) -> bool:
    """Place r, moving at most the meetings that block it (one step of an ejection chain)."""
    pb = st.pb
    choice = best_slot(st, r)
    if choice is not None:
        st.place(r, *choice)
        return True
    a, b = pb.ra[r], pb.rb[r]
    if st.count[a] >= pb.cap[a] or st.count[b] >= pb.cap[b]:
        return False
    for s in pb.common[r]:
        blockers = {m for m in (st.busy[a][s], st.busy[b][s]) if m != UNPLACED}
        if locked and blockers & locked:
            continue
        mark = st.mark()
        for m in blockers:
            st.remove(m)
        loc = st.location_for(r, s)
        if loc is not None:
            st.place(r, s, loc)
            if all(_relocate(st, m, s) for m in blockers):
                return True
            st.rollback(mark)
            continue
        # The location is the bottleneck: move one meeting that holds it.
        if pb.needs_table(r):
            holders = list(st.table_meetings[s])[: max_evict * 4]
        else:
            holders = [st.booth_busy[(bb, s)] for bb in pb.options[r] if (bb, s) in st.booth_busy]
        tries = 0
        for h in holders:
            if locked and h in locked:
                continue
            tries += 1
            if tries > max_evict:
                break
            inner = st.mark()
            st.remove(h)
            loc = st.location_for(r, s)
            if loc is None:
                st.rollback(inner)
                continue
            st.place(r, s, loc)
            if all(_relocate(st, m, s) for m in (*blockers, h)):
                return True
            st.rollback(inner)
        st.rollback(mark)
    return False


def try_displace(st: State, r: int, locked: set[int] | None = None) -> bool:
    """Place r in place of lighter meetings when the total weight grows."""
    pb = st.pb
    w = float(pb.weight[r])
    a, b = pb.ra[r], pb.rb[r]
    before = st.value
    for s in pb.common[r]:
        mark = st.mark()
        ok = True
        for p in (a, b):
            if st.count[p] >= pb.cap[p] and st.busy[p][s] == UNPLACED:
                lighter = [m for m in st.busy[p] if m != UNPLACED and pb.weight[m] < w and not (locked and m in locked)]
                if not lighter:
                    ok = False
                    break
                st.remove(min(lighter, key=lambda m: pb.weight[m]))
        removed = {m for m in (st.busy[a][s], st.busy[b][s]) if m != UNPLACED}
        if not ok or (locked and removed & locked):
            st.rollback(mark)
            continue
        for m in removed:
            st.remove(m)
        loc = st.location_for(r, s)
        if loc is None and pb.needs_table(r) and st.table_meetings[s]:
            cand = [m for m in st.table_meetings[s] if not (locked and m in locked)]
            if cand:
                h = min(cand, key=lambda m: pb.weight[m])
                removed.add(h)
                st.remove(h)
                loc = st.location_for(r, s)
        if loc is None or st.count[a] >= pb.cap[a] or st.count[b] >= pb.cap[b]:
            st.rollback(mark)
            continue
        st.place(r, s, loc)
        for m in sorted(removed, key=lambda m: -pb.weight[m]):
            _relocate(st, m, -1)
        if st.value > before + 1e-9:
            return True
        st.rollback(mark)
    return False


def repair(st: State, deadline: float, locked: set[int] | None = None, rounds: int = 3) -> int:
    """Insert unplaced requests (heaviest first) by ejection chains and displacement."""
    pb = st.pb
    placed_total = 0
    for _ in range(rounds):
        gained = 0
        order = sorted(
            (r for r in range(pb.n_requests) if st.slot_of[r] == UNPLACED and pb.common[r]),
            key=lambda r: (-pb.weight[r], len(pb.common[r])),
        )
        for i, r in enumerate(order):
            if i % 64 == 0 and time.perf_counter() > deadline:
                st.commit()
                return placed_total + gained
            if try_insert(st, r, locked) or try_displace(st, r, locked):
                gained += 1
            st.commit()
        placed_total += gained
        if gained == 0:
            break
    return placed_total


def participant_gaps(pb: Problem, row: list[int]) -> int:
    """Idle slots between two meetings of one session for one participant."""
    gaps = 0
    last = -1
    for s, m in enumerate(row):
        if m == UNPLACED:
            continue
        if last >= 0 and pb.session_of[last] == pb.session_of[s]:
            gaps += s - last - 1
        last = s
    return gaps


def total_gaps(st: State) -> int:
    return sum(participant_gaps(st.pb, row) for row in st.busy)


def reduce_gaps(st: State, deadline: float, locked: set[int] | None = None) -> None:
    """Move meetings to other free slots when that shortens their participants' waits."""
    pb = st.pb
    for _ in range(4):
        improved = 0
        for r in range(pb.n_requests):
            s0 = st.slot_of[r]
            if s0 == UNPLACED or (locked and r in locked):
                continue
            if r % 256 == 0 and time.perf_counter() > deadline:
                st.commit()
                return
            a, b = pb.ra[r], pb.rb[r]
            before = participant_gaps(pb, st.busy[a]) + participant_gaps(pb, st.busy[b])
            if before == 0:
                continue
            loc0 = st.loc_of[r]
            mark = st.mark()
            st.remove(r)
            best: tuple[int, int] | None = None
            best_gaps = before
            for s in pb.common[r]:
                if s == s0:
                    continue
                loc = st.can_place(r, s)
                if loc is None:
                    continue
                st.busy[a][s] = r
                st.busy[b][s] = r
                g = participant_gaps(pb, st.busy[a]) + participant_gaps(pb, st.busy[b])
                st.busy[a][s] = UNPLACED
                st.busy[b][s] = UNPLACED
                if g < best_gaps:
                    best, best_gaps = (s, loc), g
            if best is None:
                st.rollback(mark)
                st.loc_of[r] = loc0
            else:
                st.place(r, *best)
                improved += 1
            st.commit()
        if not improved:
            return


def assign_tables(st: State, keep: dict[int, str] | None = None) -> dict[int, str]:
    """Table ids for table meetings, spreading use evenly over the tables.

    ``keep`` maps meetings to the table they had before (incremental mode): a meeting keeps its
    table when that table is still free in its slot.
    """
    pb = st.pb
    tables = pb.instance.tables
    index = {t: i for i, t in enumerate(tables)}
    use = [0] * len(tables)
    result: dict[int, str] = {}
    for s in range(pb.n_slots):
        taken: set[int] = set()
        rest: list[int] = []
        for m in sorted(st.table_meetings[s]):
            t = index.get(keep[m], -1) if keep and m in keep else -1
            if t >= 0 and t not in taken:
                taken.add(t)
                use[t] += 1
                result[m] = tables[t]
            else:
                rest.append(m)
        free = sorted((t for t in range(len(tables)) if t not in taken), key=lambda t: (use[t], t))
        for m, t in zip(rest, free, strict=False):
            use[t] += 1
            result[m] = tables[t]
    return result


def location_name(st: State, r: int, tables: dict[int, str]) -> str:
    loc = st.loc_of[r]
    return tables[r] if loc == TABLE else st.pb.booth_names[loc]
