"""Incremental re-solving: keep a published schedule, add new requests, move few meetings."""

from __future__ import annotations

import time

from .heuristic import best_slot, reduce_gaps, total_gaps, try_displace, try_insert
from .lp import build_model, columns, solve_lp
from .model import Instance, ProgressCallback, Schedule, StatValue
from .problem import compile_instance
from .solver import _number, _round_bound, to_schedule
from .state import TABLE, UNPLACED, State


def _noop(fraction: float, message: str) -> None:
    return None


def resolve_incremental(
    instance: Instance,
    previous: Schedule,
    *,
    max_moves: int | None = None,
    time_limit: float = 10.0,
    progress: ProgressCallback | None = None,
) -> Schedule:
    """Re-schedule ``instance`` starting from the published ``previous`` schedule.

    - meetings whose request is no longer in the instance (cancelled) are dropped;
    - every other previous meeting stays where it was when it is still feasible; meetings marked
      ``locked`` never move, the others may move to make room for new requests, at most
      ``max_moves`` of them (``None``: no limit); a published meeting is never dropped for a new
      one, only when the updated instance makes it impossible (it is then re-placed if it can be);
    - the new requests (and previously unscheduled ones) are placed, heaviest first.

    ``stats`` adds ``kept``, ``moved``, ``max_moves``, ``dropped_cancelled``, ``displaced`` (published
    meetings whose old place the updated instance made impossible, locked or not) and
    ``new_scheduled``.
    """
    t0 = time.perf_counter()
    report = progress or _noop
    deadline = t0 + max(0.0, time_limit)
    report(0.0, "reading the published schedule")
    pb = compile_instance(instance)
    rindex = {rid: i for i, rid in enumerate(pb.rids)}
    sindex = {sid: i for i, sid in enumerate(pb.sids)}
    table_ids = set(instance.tables)
    booth_index = {b: i for i, b in enumerate(pb.booth_names)}

    st = State(pb)
    origin: dict[int, tuple[int, str]] = {}
    locked: set[int] = set()
    dropped = 0
    displaced: list[int] = []
    keep_tables: dict[int, str] = {}
    table_at: set[tuple[str, int]] = set()
    ordered = sorted(previous.meetings, key=lambda m: not m.locked)
    for m in ordered:
        r = rindex.get(m.request)
        if r is None:
            dropped += 1
            continue
        if r in origin:
            continue
        s = sindex.get(m.slot, -1)
        origin[r] = (s, m.location)
        if m.locked:
            locked.add(r)
        loc = st.can_place(r, s) if s in pb.common[r] else None
        ok = loc is not None
        if ok and loc == TABLE:
            ok = m.location in table_ids and (m.location, s) not in table_at
        elif ok and loc is not None:
            # Keep the booth it had when that is still one of the pair's booths and free.
            wanted = booth_index.get(m.location, -1)
            if wanted < 0 or wanted not in (pb.booth_of[pb.ra[r]], pb.booth_of[pb.rb[r]]):
                ok = False
            elif wanted != loc:
                ok = not pb.booth_shared[wanted] or (wanted, s) not in st.booth_busy
                loc = wanted
        if ok and loc is not None:
            st.place(r, s, loc)
            if loc == TABLE:
                keep_tables[r] = m.location
                table_at.add((m.location, s))
        else:
            displaced.append(r)
    st.commit()
    kept = len(origin) - len(displaced)

    displaced_set = set(displaced)

    def moved() -> int:
        """Published meetings now somewhere else than where they were published."""
        return sum(
            1
            for r, (s, _) in origin.items()
            if st.slot_of[r] != UNPLACED and (st.slot_of[r] != s or r in displaced_set)
        )

    budget = float("inf") if max_moves is None else max_moves
    report(0.2, "re-placing meetings the changes made impossible")
    for r in sorted(displaced, key=lambda r: -pb.weight[r]):
        if moved() >= budget:
            break
        choice = best_slot(st, r)
        if choice is not None:
            st.place(r, *choice)
    st.commit()

    report(0.3, "placing new requests")
    published = set(origin)
    new = sorted(
        (r for r in range(pb.n_requests) if st.slot_of[r] == UNPLACED and r not in published),
        key=lambda r: (-pb.weight[r], len(pb.common[r])),
    )
    for r in new:
        choice = best_slot(st, r)
        if choice is not None:
            st.place(r, *choice)
    st.commit()
    # Then make room by moving published meetings, within the budget. Published meetings are
    # never removed for good, so displacement may only push out meetings placed in this run.
    frozen = locked if budget > 0 else published
    for r in new:
        if time.perf_counter() > deadline:
            break
        if st.slot_of[r] != UNPLACED or not pb.common[r]:
            continue
        mark = st.mark()
        if (try_insert(st, r, frozen) or try_displace(st, r, published)) and moved() > budget:
            st.rollback(mark)
        st.commit()
    reduce_gaps(st, min(deadline, time.perf_counter() + 0.1 * time_limit), locked=published)

    report(0.8, "bound")
    col_r, col_s, col_l = columns(pb)
    lp = solve_lp(build_model(pb, col_r, col_s, col_l), max(0.2, deadline - time.perf_counter()))
    trivial = float(sum(pb.weight[r] for r in range(pb.n_requests) if pb.common[r]))
    bound = trivial if lp.bound is None else min(trivial, lp.bound)
    upper = max(_round_bound(pb, bound), st.value)
    n_moved = moved()
    stats: dict[str, StatValue] = {
        "requests": pb.n_requests,
        "scheduled": sum(1 for s in st.slot_of if s != UNPLACED),
        "weight": _number(st.value),
        "upper_bound": _number(upper),
        "seconds": round(time.perf_counter() - t0, 3),
        "quality": round(st.value / upper, 6) if upper > 0 else 1.0,
        "idle_gaps": total_gaps(st),
        "method": "incremental",
        "kept": kept,
        "moved": n_moved,
        "max_moves": max_moves,
        "dropped_cancelled": dropped,
        "displaced": len(displaced),
        "new_scheduled": sum(1 for r in new if st.slot_of[r] != UNPLACED),
    }
    report(1.0, "done")
    # A meeting keeps its table only where it stayed; moved ones take any table left.
    stayed = {r: t for r, t in keep_tables.items() if st.slot_of[r] == origin[r][0]}
    return to_schedule(st, stats, locked, stayed)
