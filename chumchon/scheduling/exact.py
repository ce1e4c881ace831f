"""Exact solves with HiGHS: the whole problem when it is small, windows of slots (LNS) otherwise."""

from __future__ import annotations

import math

import numpy as np

from .lp import build_model, solve_milp
from .problem import Problem
from .state import TABLE, UNPLACED, State


def apply_solution(st: State, col_r: np.ndarray, col_s: np.ndarray, col_loc: np.ndarray, x: np.ndarray) -> None:
    for c in np.flatnonzero(x > 0.5):
        r, s, loc = int(col_r[c]), int(col_s[c]), int(col_loc[c])
        if st.slot_of[r] != UNPLACED:
            continue
        if st.can_place(r, s) is None:
            continue
        if loc != TABLE and st.pb.booth_shared[loc] and (loc, s) in st.booth_busy:
            continue
        if loc == TABLE and st.tables_used[s] >= st.pb.n_tables:
            continue
        st.place(r, s, loc)


def solve_window(
    st: State,
    slots: set[int],
    time_limit: float,
    locked: set[int] | None = None,
    requests: list[int] | None = None,
    ceilings: dict[tuple[int, int], float] | None = None,
    step: float = 1e-6,
) -> tuple[bool, float | None]:
    """Re-optimise every unlocked meeting in ``slots`` together with the unplaced requests.

    ``ceilings`` (from :func:`lp.column_ceilings`) leaves out the (request, slot) pairs that no
    schedule better than the current one by ``step`` can use (``step`` is 1 for integral
    weights). Returns (improved, proven bound of the whole problem when the window is everything).
    """
    pb: Problem = st.pb
    mark = st.mark()
    before = st.value
    pool = range(pb.n_requests) if requests is None else requests
    freed: list[int] = []
    cand: list[int] = []
    for r in pool:
        s = st.slot_of[r]
        if s != UNPLACED:
            if s in slots and not (locked and r in locked):
                freed.append(r)
        elif pb.common[r]:
            cand.append(r)
    for r in freed:
        st.remove(r)
    freed_value = before - st.value
    need = before + step - 1e-9
    busy = st.busy
    col_r: list[int] = []
    col_s: list[int] = []
    col_l: list[int] = []
    cap_left = [c - n for c, n in zip(pb.cap, st.count, strict=True)]
    table_left = [pb.n_tables - u for u in st.tables_used]
    for r in freed + cand:
        a, b = pb.ra[r], pb.rb[r]
        if cap_left[a] <= 0 or cap_left[b] <= 0:
            continue
        opts = pb.options[r]
        locs: tuple[int, ...]
        if not opts:
            locs = (TABLE,)
        elif pb.booth_shared[opts[0]]:
            locs = opts
        else:
            locs = (opts[0],)
        for s in pb.common[r]:
            if s not in slots or busy[a][s] != UNPLACED or busy[b][s] != UNPLACED:
                continue
            if ceilings is not None and ceilings.get((r, s), -math.inf) < need:
                continue
            for loc in locs:
                if loc == TABLE:
                    if table_left[s] <= 0:
                        continue
                elif pb.booth_shared[loc] and (loc, s) in st.booth_busy:
                    continue
                col_r.append(r)
                col_s.append(s)
                col_l.append(loc)
    cr = np.array(col_r, dtype=np.int64)
    cs = np.array(col_s, dtype=np.int64)
    cl = np.array(col_l, dtype=np.int64)
    model = build_model(pb, cr, cs, cl, cap_left=cap_left, table_left=table_left)
    res = solve_milp(model, time_limit)
    whole = requests is None and len(slots) == pb.n_slots and not locked
    bound: float | None = None
    if whole:
        dual = res.dual_bound if res.dual_bound is not None else (res.value if res.optimal else None)
        if dual is not None:
            # Schedules using a left-out column are worth less than before + step.
            bound = dual if ceilings is None else max(dual, before + (0.0 if step >= 1 else step))
    if res.x is not None and res.value > freed_value + 1e-9:
        apply_solution(st, cr, cs, cl, res.x)
        if st.value > before + 1e-9:
            st.commit()
            return True, bound
    st.rollback(mark)
    st.commit()
    return False, bound
