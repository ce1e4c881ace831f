"""Configuration mistakes give one line that says what to fix, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DEBUG", "SECRET_KEY", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "TASKS_BACKEND")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for text in expected:
        assert text in lines[0]


def test_it_explains_a_missing_secret_key_in_production():
    result = manage("check", DEBUG="0")
    assert_one_line_error(result, "SECRET_KEY is not set")


def test_it_explains_an_unsupported_database_url():
    result = manage("check", DATABASE_URL="mysql2://nobody@localhost/x")
    assert_one_line_error(result, "DATABASE_URL", "unsupported scheme")


def test_it_explains_a_database_url_without_a_database_name():
    result = manage("check", DATABASE_URL="postgres://postgres@127.0.0.1:5432")
    assert_one_line_error(result, "names no database")


def test_it_explains_an_unreachable_database():
    result = manage("migrate", DATABASE_URL="postgres://postgres@127.0.0.1:1/chumchon")
    assert_one_line_error(
        result, "cannot reach the PostgreSQL database 'chumchon' on 127.0.0.1:1", "Check DATABASE_URL"
    )


def test_it_explains_a_bad_boolean():
    result = manage("check", DEBUG="maybe")
    assert_one_line_error(result, "DEBUG='maybe' is not a boolean")


@pytest.mark.parametrize("redis_url", ["localhost:6379"])
def test_it_explains_a_bad_redis_url(redis_url):
    result = manage("check", REDIS_URL=redis_url)
    assert_one_line_error(result, "REDIS_URL")


def test_it_passes_the_deployment_checks_with_production_values(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="chumchon.example",
        DATABASE_URL=f"sqlite:///{tmp_path}/deploy.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_creates_the_data_folder_of_a_fresh_checkout(tmp_path):
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment["CHUMCHON_VAR_DIR"] = str(tmp_path / "var")
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "var" / "chumchon.sqlite3").exists()


def test_the_site_sends_background_work_to_the_database_workers(tmp_path):
    # The tests themselves run tasks immediately (conftest.py); the site, its commands and its
    # workers must not.
    result = manage(
        "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])",
        CHUMCHON_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend", result.stderr
