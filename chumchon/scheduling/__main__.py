"""Command line: ``python -m chumchon.scheduling solve|resolve|check ...`` (see docs/scheduling.md).

Exit status 2 (and nothing written) for an invalid instance, schedule or argument.
"""

from __future__ import annotations

import argparse
import sys

from .check import check_schedule
from .formats import dump_schedule, load_instance, load_schedule, write_text_atomically
from .incremental import resolve_incremental
from .model import InstanceError
from .solver import solve


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return value


def _moves(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m chumchon.scheduling",
        description="Schedule one-to-one meetings of a business-matching day.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_solve = sub.add_parser("solve", help="schedule an instance")
    p_solve.add_argument("instance", help="meeting-schedule-instance/1 JSON file")
    p_solve.add_argument("-o", "--output", help="schedule file (standard output by default)")
    p_solve.add_argument("--time-limit", type=_seconds, default=10.0, metavar="SECONDS")
    p_resolve = sub.add_parser("resolve", help="re-schedule after new or cancelled requests, moving few meetings")
    p_resolve.add_argument("instance", help="the updated instance")
    p_resolve.add_argument("--previous", required=True, help="the published schedule")
    p_resolve.add_argument("-o", "--output", help="schedule file (standard output by default)")
    p_resolve.add_argument("--max-moves", type=_moves, default=None, metavar="N")
    p_resolve.add_argument("--time-limit", type=_seconds, default=10.0, metavar="SECONDS")
    p_check = sub.add_parser("check", help="check that a schedule is feasible")
    p_check.add_argument("instance")
    p_check.add_argument("schedule")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        instance = load_instance(args.instance)
        if args.command == "check":
            schedule = load_schedule(args.schedule)
            errors = check_schedule(instance, schedule)
            for line in errors:
                print(line)
            if not errors:
                print(f"feasible: {len(schedule.meetings)} meetings")
            return 1 if errors else 0
        if args.command == "solve":
            result = solve(instance, time_limit=args.time_limit)
        else:
            previous = load_schedule(args.previous)
            result = resolve_incremental(instance, previous, max_moves=args.max_moves, time_limit=args.time_limit)
    except InstanceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = dump_schedule(result)
    if args.output:
        try:
            write_text_atomically(args.output, text)
        except OSError as exc:
            print(f"error: {args.output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
