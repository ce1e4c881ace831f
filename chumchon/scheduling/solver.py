"""The solver: LP bound, construction, repair, exact/LNS improvement, polishing."""

from __future__ import annotations

import math
import random
import time

from .exact import solve_window
from .heuristic import (
    assign_tables,
    fcfs,
    greedy,
    location_name,
    lp_guided,
    reduce_gaps,
    repair,
    total_gaps,
    weight_order,
)
from .lp import build_model, column_ceilings, columns, solve_lp, subgradient_bound
from .model import Instance, Meeting, ProgressCallback, Schedule, StatValue, Unscheduled
from .problem import Problem, compile_instance
from .state import TABLE, UNPLACED, State

#: Whole-problem MILP only when the model is this small (columns); LNS windows otherwise.
FULL_MILP_COLUMNS = 60_000
WINDOW_COLUMNS = 12_000
#: Stop the window search after this many windows in a row bring nothing.
STALE_WINDOWS = 40


def _noop(fraction: float, message: str) -> None:
    return None


def _round_bound(pb: Problem, bound: float) -> float:
    """Round a valid bound up to a reportable number (integral weights: integral optimum)."""
    if pb.integral_weights:
        return float(math.floor(bound + 1e-6))
    return math.ceil(bound * 1e6) / 1e6


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 6)


def explain(st: State, r: int) -> str:
    """A specific, true reason why request r is not in the schedule."""
    pb = st.pb
    a, b = pb.ra[r], pb.rb[r]
    pa, pbb = pb.pids[a], pb.pids[b]
    if not pb.common[r]:
        return f"{pa} has no common free slot with {pbb}"
    for p in (a, b):
        mm = pb.instance.participants[p].max_meetings
        if mm is not None and st.count[p] >= mm:
            return f"{pb.pids[p]} reached max_meetings ({mm})"
    busy = location = 0
    for s in pb.common[r]:
        if st.busy[a][s] != UNPLACED or st.busy[b][s] != UNPLACED:
            busy += 1
        else:
            location += 1
    n = len(pb.common[r])
    if location == 0:
        return f"{pa} and {pbb} have no common free slot left (all {n} common slots hold their other meetings)"
    what = "no table free" if pb.needs_table(r) else "their booth is taken"
    if busy == 0:
        return f"{what} in any common slot" if pb.needs_table(r) else f"{what} in every common slot"
    return f"every common slot holds another meeting of {pa} or {pbb} ({busy}) or has {what} ({location})"


def to_schedule(
    st: State,
    stats: dict[str, StatValue],
    locked: set[int] | None = None,
    keep_tables: dict[int, str] | None = None,
) -> Schedule:
    pb = st.pb
    tables = assign_tables(st, keep_tables)
    meetings = [
        Meeting(
            pb.rids[r],
            pb.sids[st.slot_of[r]],
            location_name(st, r, tables),
            bool(locked and r in locked),
        )
        for r in sorted(range(pb.n_requests), key=lambda r: (st.slot_of[r], r))
        if st.slot_of[r] != UNPLACED
    ]
    unscheduled = [Unscheduled(pb.rids[r], explain(st, r)) for r in range(pb.n_requests) if st.slot_of[r] == UNPLACED]
    return Schedule(meetings, unscheduled, stats)


def solve(
    instance: Instance,
    *,
    time_limit: float = 10.0,
    progress: ProgressCallback | None = None,
    seed: int = 0,
) -> Schedule:
    """Schedule as much request weight as possible within ``time_limit`` seconds.

    ``stats`` reports the value (``weight``), a proven ``upper_bound`` and the time taken;
    every unscheduled request comes with the reason it could not be placed.
    """
    t0 = time.perf_counter()
    report = progress or _noop
    deadline = t0 + max(0.0, time_limit)
    polish_share = 0.08 * time_limit

    def left() -> float:
        return deadline - time.perf_counter()

    report(0.0, "preparing")
    pb = compile_instance(instance)
    report(0.05, "solving the LP relaxation")
    col_r, col_s, col_l = columns(pb)
    model = build_model(pb, col_r, col_s, col_l)
    lp = solve_lp(model, max(0.5, 0.4 * time_limit))
    trivial = float(sum(pb.weight[r] for r in range(pb.n_requests) if pb.common[r]))
    bound = trivial if lp.bound is None else min(trivial, lp.bound)

    report(0.35, "building a first schedule")
    st = greedy(pb, weight_order(pb))
    method = "greedy"
    if lp.x is not None:
        alt = lp_guided(pb, col_r, col_s, lp.x)
        if alt.value > st.value:
            st, method = alt, "lp-rounding"
    baseline = fcfs(pb)
    if baseline.value > st.value:
        st, method = baseline, "fcfs"
    if lp.bound is None:
        bound = min(bound, subgradient_bound(model, max(0.2, 0.15 * left()), st.value))

    def done() -> bool:
        return st.value >= _round_bound(pb, bound) - 1e-6 * max(1.0, abs(bound))

    report(0.45, "repairing")
    if not done():
        repair(st, time.perf_counter() + max(0.1, 0.3 * (left() - polish_share)))

    optimal = done()
    step = 1.0 if pb.integral_weights else 1e-6
    ceilings: dict[tuple[int, int], float] | None = None
    useful = len(col_r)
    if lp.prices is not None and not optimal:
        ceiling = column_ceilings(model, lp.prices)
        keep = ceiling >= st.value + step - 1e-9
        useful = int(keep.sum())
        ceilings = {}
        for r, s, c in zip(col_r[keep].tolist(), col_s[keep].tolist(), ceiling[keep].tolist(), strict=True):
            if c > ceilings.get((r, s), -1.0):
                ceilings[(r, s)] = c
    if not optimal and useful <= FULL_MILP_COLUMNS and left() > polish_share + 0.2:
        report(0.55, "exact MILP")
        improved, milp_bound = solve_window(
            st, set(range(pb.n_slots)), left() - polish_share, ceilings=ceilings, step=step
        )
        if improved:
            method += "+milp"
        if milp_bound is not None:
            bound = min(bound, milp_bound)
        optimal = done()

    if not optimal and left() > polish_share + 0.2:
        report(0.6, "improving slot windows")
        rng = random.Random(seed)
        n_s = pb.n_slots
        size = max(2, min(n_s, int(WINDOW_COLUMNS / max(1.0, useful / max(1, n_s)))))
        rounds = stale = 0
        while left() > polish_share + 0.2 and not done():
            slots = set(rng.sample(range(n_s), min(size, n_s)))
            budget = min(left() - polish_share, max(1.0, 0.1 * time_limit))
            improved, _ = solve_window(st, slots, budget, ceilings=ceilings, step=step)
            rounds += 1
            stale = 0 if improved else stale + 1
            if improved and "lns" not in method:
                method += "+lns"
            if stale >= STALE_WINDOWS:
                break
            report(0.6 + 0.3 * (1 - max(0.0, left()) / max(time_limit, 1e-9)), "improving")
            if size >= n_s and not improved:
                break
            if rounds % 5 == 0:
                repair(st, time.perf_counter() + min(1.0, max(0.0, left() - polish_share)), rounds=1)
    report(0.92, "shortening waits between meetings")
    reduce_gaps(st, max(deadline, time.perf_counter() + 0.05))

    upper = max(_round_bound(pb, bound), st.value)
    stats: dict[str, StatValue] = {
        "requests": pb.n_requests,
        "scheduled": sum(1 for s in st.slot_of if s != UNPLACED),
        "weight": _number(st.value),
        "upper_bound": _number(upper),
        "seconds": round(time.perf_counter() - t0, 3),
        "quality": round(st.value / upper, 6) if upper > 0 else 1.0,
        "idle_gaps": total_gaps(st),
        "method": method,
    }
    report(1.0, "done")
    return to_schedule(st, stats)


def solve_fcfs(instance: Instance) -> Schedule:
    """The first-come-first-served baseline, as a schedule (for comparisons)."""
    t0 = time.perf_counter()
    pb = compile_instance(instance)
    st = fcfs(pb)
    stats: dict[str, StatValue] = {
        "requests": pb.n_requests,
        "scheduled": sum(1 for s in st.slot_of if s != UNPLACED),
        "weight": _number(st.value),
        "seconds": round(time.perf_counter() - t0, 3),
        "idle_gaps": total_gaps(st),
        "method": "fcfs",
    }
    return to_schedule(st, stats)


__all__ = ["TABLE", "explain", "solve", "solve_fcfs", "to_schedule"]
