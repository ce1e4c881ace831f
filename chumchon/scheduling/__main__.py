"""Command line: ``python -m chumchon.scheduling solve|resolve|check ...`` (see docs/scheduling.md).

Exit status 2 (and nothing written) for an invalid instance, schedule or argument.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from typing import NoReturn

from .check import check_schedule
from .formats import dump_schedule, load_instance, load_schedule, write_text_atomically
from .incremental import resolve_incremental
from .model import InstanceError
from .solver import solve

#: A longer --time-limit is a typo (or an attack on a shared worker), not a wish.
MAX_TIME_LIMIT = 24 * 60 * 60


def one_line(message: str) -> str:
    """The message as one printable line: control characters and lone surrogates escaped, cut short."""
    safe = message.encode("utf-8", "backslashreplace").decode("utf-8")
    safe = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in safe)
    return safe if len(safe) <= 500 else safe[:497] + "..."


def fail(message: str) -> int:
    print(f"error: {one_line(message)}", file=sys.stderr)
    return 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line on standard error (no usage block), exit 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"error: {one_line(message)} (see {self.prog} --help)\n")
        raise SystemExit(2)


@contextlib.contextmanager
def _native_output_silenced() -> Iterator[None]:
    """Send what native code writes to file descriptor 1 to /dev/null while it runs.

    HiGHS prints warnings (e.g. about badly scaled weights) straight to descriptor 1, bypassing
    sys.stdout, which would put non-JSON text before the schedule on standard output.
    """
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no descriptor 1 at all: nothing to protect
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0 or value > MAX_TIME_LIMIT:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {MAX_TIME_LIMIT} seconds: {text!r}")
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
    parser = _Parser(
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
        previous = load_schedule(args.previous) if args.command == "resolve" else None
        with _native_output_silenced():
            if previous is None:
                result = solve(instance, time_limit=args.time_limit)
            else:
                result = resolve_incremental(instance, previous, max_moves=args.max_moves, time_limit=args.time_limit)
    except InstanceError as exc:
        return fail(str(exc))
    text = dump_schedule(result)
    if args.output:
        try:
            write_text_atomically(args.output, text)
        except OSError as exc:
            return fail(f"{args.output}: cannot write: {exc.strerror or exc}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
