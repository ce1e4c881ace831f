"""Benchmark of the meeting scheduler against first-come-first-served, on generated events.

    python benchmarks/scheduling/bench.py [--sizes 1000,2500,10000] [--seed 1]

Each size runs in its own process (so that peak memory is that size's own), with the time limit
of the issue's targets (10 s up to 1,000 participants, 60 s up to 2,500, 120 s above). Every
schedule is checked for feasibility before its figures are printed. Idle gaps count the slots a
participant waits between two of their meetings in one session.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def time_limit_for(participants: int) -> float:
    return 10.0 if participants <= 1000 else 60.0 if participants <= 2500 else 120.0


def worker(participants: int, seed: int, time_limit: float, baseline: bool) -> dict[str, float | int | str]:
    """Generate the event and run one method on it; the peak memory is this process's own."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    from generate import generate

    from chumchon.scheduling import check_schedule, parse_instance, solve, solve_fcfs

    instance = parse_instance(generate(participants, seed=seed))
    t0 = time.perf_counter()
    result = solve_fcfs(instance) if baseline else solve(instance, time_limit=time_limit)
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    problems = check_schedule(instance, result)
    if problems:
        raise SystemExit(f"infeasible schedule: {problems[:3]}")
    stats = result.stats
    return {
        "participants": participants,
        "requests": len(instance.requests),
        "value": float(stats["weight"] or 0),
        "bound": float(stats.get("upper_bound") or 0),
        "seconds": seconds,
        "peak_mb": peak_mb,
        "gaps": int(stats["idle_gaps"] or 0),
        "method": str(stats["method"]),
    }


def run_worker(n: int, seed: int, time_limit: float | None, baseline: bool) -> dict[str, float | int | str] | str:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(n), "--seed", str(seed)]
    if time_limit:
        cmd += ["--time-limit", str(time_limit)]
    if baseline:
        cmd.append("--baseline")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return (proc.stderr.strip().splitlines() or ["failed"])[-1]
    result: dict[str, float | int | str] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Meeting-scheduler benchmark")
    parser.add_argument("--sizes", default="1000,2500,10000", help="participants, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=None, help="override the per-size limit")
    parser.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        limit = args.time_limit or time_limit_for(args.worker)
        print(json.dumps(worker(args.worker, args.seed, limit, args.baseline)))
        return 0

    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    header = (
        f"{'particip.':>9} {'requests':>8} {'value':>8} {'bound':>8} {'val/bnd':>8} {'seconds':>8} "
        f"{'peak MB':>7} {'gaps':>6} | {'FCFS val':>8} {'FCFS/bnd':>8} {'seconds':>7} {'peak MB':>7} {'gaps':>6}"
    )
    print(f"seed {args.seed}; {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    print(header)
    print("-" * len(header))
    for n in sizes:
        r = run_worker(n, args.seed, args.time_limit, baseline=False)
        b = run_worker(n, args.seed, args.time_limit, baseline=True)
        if isinstance(r, str) or isinstance(b, str):
            print(f"{n:>9} failed: {r if isinstance(r, str) else b}")
            continue
        bound = float(r["bound"])
        print(
            f"{r['participants']:>9} {r['requests']:>8} {r['value']:>8.0f} {bound:>8.0f} "
            f"{float(r['value']) / bound:>8.3%} {r['seconds']:>8.1f} {r['peak_mb']:>7.0f} {r['gaps']:>6} | "
            f"{b['value']:>8.0f} {float(b['value']) / bound:>8.2%} {b['seconds']:>7.2f} {b['peak_mb']:>7.0f} "
            f"{b['gaps']:>6}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
