"""Start-up of the management commands and the WSGI server, with one-line errors.

A newcomer who mistypes DATABASE_URL or forgets SECRET_KEY should read what to fix, not a
traceback through Django's internals.
"""

from __future__ import annotations

import sys
from typing import NoReturn

from django.core.exceptions import ImproperlyConfigured
from django.db.utils import OperationalError


def fail(message: str) -> NoReturn:
    sys.stderr.write(f"chumchon: {message}\n")
    raise SystemExit(1)


def database_unreachable_message(exc: BaseException) -> str:
    from django.conf import settings

    from chumchon.core.env import describe_database

    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return (
        f"cannot reach the {describe_database(settings.DATABASES['default'])} ({reason}). "
        "Check DATABASE_URL and that the database server is running."
    )


def run_command_line(argv: list[str]) -> None:
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        fail(f"configuration error: {exc}")
    except OperationalError as exc:
        fail(database_unreachable_message(exc))
