"""Test fixtures shared by every app: named people, a clean cache, and a real browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return shutil.which("chromium")


def pytest_report_header(config: pytest.Config) -> list[str]:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    browser = chromium_path()
    lines = [f"chumchon: database={engine}"]
    if browser:
        lines.append(f"chumchon: browser tests run in {browser}")
    else:
        lines.append(
            "chumchon: Chromium is NOT installed, so the browser tests are skipped (run `make browser` as root to install it)"
        )
    return lines


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """PBKDF2 is slow on purpose (a second or more per password on a small machine); the tests
    check what is done with passwords, not the hasher's strength."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _officers_without_two_factor() -> Iterator[None]:
    """Officers in the tests of other features use their pages without setting up an authenticator
    app (their sign-in helpers type no TOTP code); the two-factor tests (accounts/tests/test_two_factor.py)
    turn the requirement on with `settings.OFFICER_MFA_REQUIRED = True`."""
    from django.test.utils import override_settings

    with override_settings(OFFICER_MFA_REQUIRED=False):
        yield


IMMEDIATE_TASKS_BACKEND = "django_tasks.backends.immediate.ImmediateBackend"

# The real `db_worker` fixture (`db_worker`) and its helpers.
pytest_plugins = ["chumchon.core.tests.worker"]


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_immediately() -> Iterator[None]:
    """Tasks run inside the test that enqueues them, so a test sees their effect at once. The site
    itself uses the database backend and `db_worker`; the worker tests (`-m worker`) switch back to it.
    TASKS_BACKEND in the environment still wins."""
    from django.test.utils import override_settings

    with override_settings(TASKS={"default": {"BACKEND": os.environ.get("TASKS_BACKEND", IMMEDIATE_TASKS_BACKEND)}}):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A worker process cannot see SQLite's in-memory test database: when the session has worker
    tests, the test database is a file instead (in pytest's temporary folder). PostgreSQL needs
    nothing, and a session without worker tests keeps the faster in-memory database."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    test_name = database.get("TEST", {}).get("NAME")
    if (
        database["ENGINE"].endswith("sqlite3")
        and not test_name
        and request.session.config.stash.get(HAS_WORKER_TESTS, False)
    ):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
    request.getfixturevalue("django_db_modify_db_settings_parallel_suffix")


HAS_WORKER_TESTS = pytest.StashKey[bool]()


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected tests
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    config.stash[HAS_WORKER_TESTS] = any(item.get_closest_marker("worker") for item in items)


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """Rate limits and cached pages must not leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Thai, the default: a previous test's /en/ request must not leak into
    reverse() or gettext here."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def alice(db: Any) -> Any:
    """A community seller who owns the organisation `alice_org`."""
    from chumchon.accounts.tests.factories import UserFactory

    return UserFactory(email="alice@example.com", name="Alice", role="seller")


@pytest.fixture
def bob(db: Any) -> Any:
    """A business buyer."""
    from chumchon.accounts.tests.factories import UserFactory

    return UserFactory(email="bob@example.com", name="Bob", role="buyer")


@pytest.fixture
def charlie(db: Any) -> Any:
    """Someone unrelated to alice and bob, to prove they see nothing of theirs."""
    from chumchon.accounts.tests.factories import UserFactory

    return UserFactory(email="charlie@example.com", name="Charlie", role="tourist")


@pytest.fixture
def officer(db: Any) -> Any:
    """An agency officer (staff)."""
    from chumchon.accounts.tests.factories import UserFactory

    return UserFactory(email="officer@example.com", name="Officer", is_staff=True)


@pytest.fixture
def places_data(transactional_db: Any) -> None:
    """Reference data that migrations load (Thailand's divisions, the category tree), reloaded for
    transactional tests, whose database is emptied after each test."""
    from chumchon.catalog.models import Category, Theme
    from chumchon.catalog.taxonomy import load_taxonomy
    from chumchon.places.geodata import load_administrative_divisions
    from chumchon.places.models import District, Province, Subdistrict

    if not Province.objects.exists():
        load_administrative_divisions(Province, District, Subdistrict)
    if not Category.objects.exists():
        load_taxonomy(Category, Theme)


@pytest.fixture
def demo_data(db: Any) -> None:
    from django.core.management import call_command

    call_command("demo_load", verbosity=0)


# --- Browser tests ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        message = "Chromium is not installed (apt-get install -y chromium, or `make browser`)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}: browser tests are required in CI", pytrace=False)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test
    # body are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A phone-sized page (360×740) that records console errors in `page.console_errors`.

    A test whose pages broke the Content-Security-Policy (Chromium's "Refused to ... because it
    violates the following Content Security Policy directive" in the console) fails."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    yield page
    context.close()
    violations = [text for text in errors if "Content Security Policy" in text]
    if violations:
        pytest.fail("CSP violations in the console:\n" + "\n".join(violations), pytrace=False)
