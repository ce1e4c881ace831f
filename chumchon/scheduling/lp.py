"""The time-indexed model (LP relaxation for the bound, MILP for exact and LNS solves).

One column per (request, slot, location); rows are the feasibility rules of the format:
each request at most once, each participant at most one meeting per slot and at most its
``max_meetings``, at most ``#tables`` table meetings per slot, one meeting per shared booth and
slot. Rows that can never bind are left out.

The upper bound is computed from the LP's dual prices by Lagrangian duality: for any non-negative
prices ``y`` on the rows other than "each request at most once",
``sum(b*y) + sum_r max(0, max_col(w_r - a_col.y))`` bounds every feasible schedule. The formula is
re-evaluated here from the prices, so the bound does not depend on the LP solver's accuracy, and
it stays valid even if the prices are far from optimal (for example after a time-out).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from .problem import Problem

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass
class Model:
    """Columns and rows of a (sub)problem; rows ``[0, n_req_rows)`` are the request rows."""

    col_r: IntArray
    col_s: IntArray
    col_loc: IntArray
    weight: FloatArray
    matrix: sp.csr_matrix
    rhs: FloatArray
    n_req_rows: int
    req_row_of_col: IntArray


def columns(
    pb: Problem,
    requests: list[int] | None = None,
    slots: set[int] | None = None,
    blocked: npt.NDArray[np.bool_] | None = None,
    table_free: list[int] | None = None,
    booth_taken: set[tuple[int, int]] | None = None,
) -> tuple[IntArray, IntArray, IntArray]:
    """All (request, slot, location) triples allowed; optional filters for sub-problems."""
    rs: list[int] = []
    ss: list[int] = []
    ls: list[int] = []
    ra, rb = pb.ra, pb.rb
    for r in range(pb.n_requests) if requests is None else requests:
        opts = pb.options[r]
        locs: tuple[int, ...]
        if not opts:
            locs = (-1,)
        elif pb.booth_shared[opts[0]]:
            locs = opts
        else:
            locs = (opts[0],)
        a, b = ra[r], rb[r]
        for s in pb.common[r]:
            if slots is not None and s not in slots:
                continue
            if blocked is not None and (blocked[a, s] or blocked[b, s]):
                continue
            for loc in locs:
                if loc == -1:
                    if table_free is not None and table_free[s] <= 0:
                        continue
                elif booth_taken is not None and (loc, s) in booth_taken:
                    continue
                rs.append(r)
                ss.append(s)
                ls.append(loc)
    return (
        np.array(rs, dtype=np.int64),
        np.array(ss, dtype=np.int64),
        np.array(ls, dtype=np.int64),
    )


def build_model(
    pb: Problem,
    col_r: IntArray,
    col_s: IntArray,
    col_loc: IntArray,
    cap_left: list[int] | None = None,
    table_left: list[int] | None = None,
) -> Model:
    n_s = pb.n_slots
    n_cols = len(col_r)
    ra = np.asarray(pb.ra, dtype=np.int64)[col_r] if n_cols else np.zeros(0, np.int64)
    rb = np.asarray(pb.rb, dtype=np.int64)[col_r] if n_cols else np.zeros(0, np.int64)
    cols = np.arange(n_cols, dtype=np.int64)
    rows_list: list[IntArray] = []
    cols_list: list[IntArray] = []
    rhs_list: list[FloatArray] = []
    next_row = 0

    # each request at most once
    uniq_r, req_row = np.unique(col_r, return_inverse=True)
    rows_list.append(req_row.astype(np.int64))
    cols_list.append(cols)
    rhs_list.append(np.ones(len(uniq_r)))
    next_row = len(uniq_r)
    n_req_rows = next_row

    # one meeting per participant and slot
    keys = np.concatenate([ra * n_s + col_s, rb * n_s + col_s])
    both_cols = np.concatenate([cols, cols])
    _uk, inv, counts = np.unique(keys, return_inverse=True, return_counts=True)
    keep = counts[inv] >= 2
    if keep.any():
        kept_keys, kinv = np.unique(keys[keep], return_inverse=True)
        rows_list.append(next_row + kinv.astype(np.int64))
        cols_list.append(both_cols[keep])
        rhs_list.append(np.ones(len(kept_keys)))
        next_row += len(kept_keys)

    # max_meetings (only where it can bind)
    caps = np.asarray(pb.cap if cap_left is None else cap_left, dtype=np.int64)
    parts = np.concatenate([ra, rb])
    pr_pairs = (
        np.unique(np.stack([parts, np.concatenate([col_r, col_r])]), axis=1) if n_cols else np.zeros((2, 0), np.int64)
    )
    deg = np.bincount(pr_pairs[0], minlength=pb.n_participants) if n_cols else np.zeros(pb.n_participants, np.int64)
    binding = caps < deg
    keep = binding[parts]
    if keep.any():
        bp = np.flatnonzero(binding)
        row_of = np.full(pb.n_participants, -1, dtype=np.int64)
        row_of[bp] = next_row + np.arange(len(bp))
        rows_list.append(row_of[parts[keep]])
        cols_list.append(both_cols[keep])
        rhs_list.append(caps[bp].astype(np.float64))
        next_row += len(bp)

    # tables per slot
    tcols = cols[col_loc == -1]
    tleft = np.full(n_s, pb.n_tables, dtype=np.int64) if table_left is None else np.asarray(table_left, dtype=np.int64)
    if len(tcols):
        tcount = np.bincount(col_s[tcols], minlength=n_s)
        bind_s = np.flatnonzero(tcount > tleft)
        if len(bind_s):
            row_of_s = np.full(n_s, -1, dtype=np.int64)
            row_of_s[bind_s] = next_row + np.arange(len(bind_s))
            sel = tcols[row_of_s[col_s[tcols]] >= 0]
            rows_list.append(row_of_s[col_s[sel]])
            cols_list.append(sel)
            rhs_list.append(tleft[bind_s].astype(np.float64))
            next_row += len(bind_s)

    # shared booths
    bcols = cols[col_loc >= 0]
    if len(bcols):
        shared = np.asarray(pb.booth_shared, dtype=bool)[col_loc[bcols]]
        bcols = bcols[shared]
        if len(bcols):
            bkeys = col_loc[bcols] * n_s + col_s[bcols]
            _uk2, inv2, cnt2 = np.unique(bkeys, return_inverse=True, return_counts=True)
            keep2 = cnt2[inv2] >= 2
            if keep2.any():
                kk, kinv2 = np.unique(bkeys[keep2], return_inverse=True)
                rows_list.append(next_row + kinv2.astype(np.int64))
                cols_list.append(bcols[keep2])
                rhs_list.append(np.ones(len(kk)))
                next_row += len(kk)

    rows = np.concatenate(rows_list) if rows_list else np.zeros(0, np.int64)
    cidx = np.concatenate(cols_list) if cols_list else np.zeros(0, np.int64)
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cidx)), shape=(next_row, n_cols), dtype=np.float64)
    return Model(
        col_r=col_r,
        col_s=col_s,
        col_loc=col_loc,
        weight=pb.weight[col_r] if n_cols else np.zeros(0),
        matrix=matrix,
        rhs=np.concatenate(rhs_list) if rhs_list else np.zeros(0),
        n_req_rows=n_req_rows,
        req_row_of_col=req_row.astype(np.int64),
    )


def lagrangian_bound(model: Model, prices: FloatArray) -> float:
    """A valid upper bound from any prices (negative ones are clipped to zero)."""
    y = np.maximum(prices, 0.0).copy()
    y[: model.n_req_rows] = 0.0
    if model.matrix.shape[1] == 0:
        return 0.0
    reduced = model.weight - model.matrix.T @ y
    best = np.zeros(model.n_req_rows)
    np.maximum.at(best, model.req_row_of_col, reduced)
    value = math.fsum(model.rhs[model.n_req_rows :] * y[model.n_req_rows :]) + math.fsum(best)
    # Round up: the summation error is far below this margin.
    return value + 1e-7 * max(1.0, abs(value))


def column_ceilings(model: Model, prices: FloatArray) -> FloatArray:
    """For each column, an upper bound on the value of any schedule that uses it.

    With L the Lagrangian bound of ``prices`` and rc <= 0 the column's reduced cost,
    every schedule containing the column is worth at most L + rc (reduced-cost fixing): columns
    whose ceiling is below the best value found so far can never be part of a better schedule.
    """
    y = np.maximum(prices, 0.0).copy()
    y[: model.n_req_rows] = 0.0
    reduced = model.weight - model.matrix.T @ y
    best = np.zeros(model.n_req_rows)
    np.maximum.at(best, model.req_row_of_col, reduced)
    bound = lagrangian_bound(model, prices)
    ceilings: FloatArray = bound + (reduced - best[model.req_row_of_col])
    # The same safety margin as the bound itself, so rounding never removes a useful column.
    return ceilings + 1e-7 * max(1.0, abs(bound))


@dataclass
class LpResult:
    bound: float | None
    x: FloatArray | None
    prices: FloatArray | None
    seconds: float


def solve_lp(model: Model, time_limit: float, exact_columns: int = 60_000) -> LpResult:
    """Solve the LP relaxation: HiGHS when small (exact prices), PDLP (first-order) when large.

    PDLP's prices are only approximately optimal, but the bound is recomputed from them by
    :func:`lagrangian_bound`, so it is valid whatever their accuracy.
    """
    t0 = time.perf_counter()
    n_cols = model.matrix.shape[1]
    if n_cols == 0:
        return LpResult(0.0, np.zeros(0), np.zeros(model.matrix.shape[0]), 0.0)
    if n_cols <= exact_columns:
        res = linprog(
            -model.weight,
            A_ub=model.matrix,
            b_ub=model.rhs,
            bounds=(0, 1),
            method="highs",
            options={"time_limit": max(0.1, time_limit), "presolve": True},
        )
        if res.status == 0 and res.x is not None:
            prices = -np.asarray(res.ineqlin.marginals, dtype=np.float64)
            return LpResult(
                lagrangian_bound(model, prices),
                np.asarray(res.x),
                prices,
                time.perf_counter() - t0,
            )
    return _solve_pdlp(model, max(0.1, time_limit - (time.perf_counter() - t0)), t0)


def _solve_pdlp(model: Model, time_limit: float, t0: float) -> LpResult:
    from ortools.pdlp import solvers_pb2
    from ortools.pdlp.python import pdlp

    n_rows, n_cols = model.matrix.shape
    qp = pdlp.QuadraticProgram()
    qp.resize_and_initialize(n_cols, n_rows)
    qp.objective_vector = -model.weight
    qp.constraint_matrix = model.matrix.tocsc()
    qp.constraint_lower_bounds = np.full(n_rows, -np.inf)
    qp.constraint_upper_bounds = model.rhs
    qp.variable_lower_bounds = np.zeros(n_cols)
    qp.variable_upper_bounds = np.ones(n_cols)
    params = solvers_pb2.PrimalDualHybridGradientParams()
    params.num_threads = 2
    criteria = params.termination_criteria.simple_optimality_criteria
    criteria.eps_optimal_relative = 1e-5
    criteria.eps_optimal_absolute = 1e-5
    params.termination_criteria.time_sec_limit = time_limit
    result = pdlp.primal_dual_hybrid_gradient(qp, params)
    prices = -np.asarray(result.dual_solution, dtype=np.float64)
    x = np.clip(np.asarray(result.primal_solution, dtype=np.float64), 0.0, 1.0)
    if prices.shape != (n_rows,) or not np.all(np.isfinite(prices)):
        return LpResult(None, None, None, time.perf_counter() - t0)
    return LpResult(lagrangian_bound(model, prices), x, prices, time.perf_counter() - t0)


def subgradient_bound(model: Model, time_limit: float, target: float) -> float:
    """Fallback bound when the LP does not finish: a few subgradient steps on the prices."""
    t0 = time.perf_counter()
    n_rows = model.matrix.shape[0]
    y = np.zeros(n_rows)
    best = lagrangian_bound(model, y)
    mt = model.matrix.T.tocsr()
    step_scale = 1.0
    a_nonreq = model.matrix[model.n_req_rows :]
    stall = 0
    while time.perf_counter() - t0 < time_limit:
        reduced = model.weight - mt @ y
        order = np.lexsort((-reduced, model.req_row_of_col))
        first = np.ones(len(order), dtype=bool)
        first[1:] = model.req_row_of_col[order[1:]] != model.req_row_of_col[order[:-1]]
        chosen = order[first]
        chosen = chosen[reduced[chosen] > 0]
        x = np.zeros(len(model.weight))
        x[chosen] = 1.0
        g = model.rhs[model.n_req_rows :] - a_nonreq @ x
        value = lagrangian_bound(model, y)
        if value < best - 1e-9:
            best, stall = value, 0
        else:
            stall += 1
            if stall > 20:
                step_scale /= 2
                stall = 0
        norm = float(g @ g)
        if norm == 0 or step_scale < 1e-4:
            break
        step = step_scale * max(value - target, 1e-3) / norm
        y[model.n_req_rows :] = np.maximum(0.0, y[model.n_req_rows :] - step * g)
    return best


@dataclass
class MilpResult:
    x: FloatArray | None
    value: float
    dual_bound: float | None
    optimal: bool


def solve_milp(model: Model, time_limit: float) -> MilpResult:
    n = model.matrix.shape[1]
    if n == 0:
        return MilpResult(np.zeros(0), 0.0, 0.0, True)
    res = milp(
        -model.weight,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(model.matrix, -np.inf, model.rhs),
        options={"time_limit": max(0.05, time_limit), "disp": False, "mip_rel_gap": 1e-9},
    )
    x = None if res.x is None else np.round(np.asarray(res.x))
    value = 0.0 if x is None else float(model.weight @ x)
    dual = getattr(res, "mip_dual_bound", None)
    dual_bound = None if dual is None or not np.isfinite(dual) else -float(dual)
    return MilpResult(x, value, dual_bound, res.status == 0)
