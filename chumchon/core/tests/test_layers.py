"""Which app may import which: the layers of docs/architecture.md, checked on the source.

core (and the pure `scheduling`) sit at the bottom, accounts, places and notifications on them, the
domain apps above, reports (impact) above those, and the API wiring on top. An import that points
up a layer couples a shared room to the first app that needed it; this test names it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]

# What each app may import, besides itself. Lazy imports inside functions count too.
ALLOWED: dict[str, set[str]] = {
    "scheduling": set(),
    "core": {"scheduling"},
    "accounts": {"core"},
    "places": {"core", "accounts", "notifications"},
    "notifications": {"core", "accounts"},
    "search": {"core", "accounts", "places", "catalog", "knowledge"},
    "catalog": {"core", "accounts", "places", "notifications"},
    "inquiries": {"core", "accounts", "places", "notifications", "catalog"},
    "bookings": {"core", "accounts", "places", "notifications", "catalog", "inquiries"},
    "knowledge": {"core", "accounts", "places", "notifications", "catalog"},
    # Reviews follow the transactions they are about: bookings, deals and matching meetings.
    "reviews": {"core", "accounts", "places", "notifications", "catalog", "inquiries", "bookings", "matching"},
    # A trip is sent as one request for quote per community, through inquiries' services.
    "trips": {"core", "accounts", "places", "notifications", "catalog", "inquiries"},
    "matching": {"core", "accounts", "places", "notifications", "catalog", "inquiries", "scheduling"},
    "programmes": {"core", "accounts", "places", "notifications"},
    "impact": {"core", "accounts", "places", "catalog", "inquiries", "bookings", "matching", "knowledge", "programmes"},
    "api": {
        "core",
        "accounts",
        "places",
        "notifications",
        "catalog",
        "search",
        "inquiries",
        "bookings",
        "reviews",
        "trips",
        "knowledge",
        "matching",
        "programmes",
        "impact",
    },
}

# Modules that stand above every app because they assemble the whole site, with the reason.
COMPOSITION: dict[str, str] = {
    "core/views.py": "the home page shows communities and listings",
    "core/management/commands/demo_load.py": "loads every app's demo data",
    "core/management/commands/run_periodic.py": "enqueues every app's periodic work",
}

# Where a module may name one module of a higher app, with the reason (kept short on purpose):
# (the importing files, as a glob under chumchon/; the module imported) -> why.
SEAMS: dict[tuple[str, str], str] = {
    ("*/*.py", "chumchon.search.text"): "Thai segmentation is a library every app uses, not the index",
    ("catalog/api.py", "chumchon.search.selectors"): "the listings API ranks `?q=` by the search index",
    ("places/views.py", "chumchon.catalog.selectors"): "a community's page lists its published listings",
    ("*/api.py", "chumchon.api.schema"): "an app's API documents its responses with the API's shared components",
    ("matching/recommend.py", "chumchon.search.vocabulary"): "recommendations use the Thai–English vocabulary",
}


def _imports(path: Path) -> list[str]:
    """The project modules a file imports at run time (imports for type checkers only don't couple)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}
        for statement in node.body
        for inner in ast.walk(statement)
    }
    names: list[str] = []
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return [name for name in names if name.startswith("chumchon.")]


def _sources() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if len(path.relative_to(PACKAGE).parts) > 1 and "migrations" not in path.parts and "tests" not in path.parts
    ]


def test_every_app_has_a_layer():
    apps = {path.name for path in PACKAGE.iterdir() if (path / "apps.py").exists() or (path / "__init__.py").exists()}
    apps -= {"locale", "static", "templates", "__pycache__"}
    assert sorted(apps - ALLOWED.keys()) == []


@pytest.mark.parametrize("path", _sources(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_it_imports_only_lower_apps(path: Path):
    relative = path.relative_to(PACKAGE)
    app = relative.parts[0]
    if relative.as_posix() in COMPOSITION:
        return
    wrong = []
    for name in _imports(path):
        parts = name.split(".")
        if len(parts) < 2 or parts[1] == app or parts[1] not in ALLOWED:
            continue
        target = parts[1]
        if target in ALLOWED[app]:
            continue
        if any(relative.match(files) and (name + ".").startswith(module + ".") for files, module in SEAMS):
            continue
        wrong.append(name)
    assert wrong == [], f"{relative} imports {wrong}, above its layer (see docs/architecture.md)"
