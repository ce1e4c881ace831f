"""Reading settings from the environment, with errors a person can act on.

Settings must fail with one line that says what to fix; `manage.py` and `wsgi.py` print
`ConfigurationError` messages without a traceback.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


class ConfigurationError(ImproperlyConfigured):
    """A setting from the environment is missing or malformed."""


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no or on/off.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SUPPORTED_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")


def database_from_url(url: str, *, sqlite_default_path: str) -> dict[str, Any]:
    """Turn DATABASE_URL into Django's DATABASES['default'], refusing what we cannot run on."""
    scheme = urlsplit(url).scheme
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ConfigurationError(
            f"DATABASE_URL has the unsupported scheme {scheme!r}: use sqlite:///path/to/db.sqlite3 "
            "or postgres://user:password@host:5432/name."
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url))
    except Exception as exc:  # dj-database-url raises ValueError and friends on malformed URLs
        raise ConfigurationError(f"DATABASE_URL could not be read ({exc}).") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["NAME"] = config.get("NAME") or sqlite_default_path
        # WAL lets readers continue while a writer commits; IMMEDIATE avoids "database is locked"
        # upgrades from read to write transactions under concurrent requests.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    else:
        if not config.get("NAME"):
            raise ConfigurationError(
                "DATABASE_URL names no database: add it after the host, e.g. postgres://postgres@127.0.0.1:5432/chumchon."
            )
        config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
    return config


def describe_database(config: dict[str, Any]) -> str:
    """A short description of a database for error messages, without the password."""
    if config["ENGINE"].endswith("sqlite3"):
        return f"SQLite file {config['NAME']}"
    return f"PostgreSQL database {config.get('NAME')!r} on {config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}"
