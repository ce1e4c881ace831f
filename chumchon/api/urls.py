"""The REST API's URLs: the OpenAPI schema and docs, and every app's `api.py`.

An app's api.py defines `register(router)` for its viewsets and may define `urlpatterns` for plain
API views; both are mounted under /api/v1/.
"""

from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter


def app_api_modules() -> list[ModuleType]:
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("chumchon.") and config.name != "chumchon.api":
            try:
                modules.append(import_module(f"{config.name}.api"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.api":
                    raise
    return modules


class Router(DefaultRouter):
    """Ids in addresses are numbers: a viewset looked up by its primary key matches only digits (at
    most 18, which any 64-bit id fits), so `/action-items/abc/done/` or a 30-digit id is a 404 like any
    unknown address instead of reaching a view that expects a number the database can hold. Viewsets looked up by another field (a slug, a code) keep their own pattern."""

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        lookup_field = getattr(viewset, "lookup_field", "pk")
        if lookup_field in ("pk", "id") and not hasattr(viewset, "lookup_value_regex"):
            kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
            pattern: str = self._base_pattern  # type: ignore[attr-defined]  # DRF sets it in __init__
            return pattern.format(lookup_prefix=lookup_prefix, lookup_url_kwarg=kwarg, lookup_value="[0-9]{1,18}")
        return str(super().get_lookup_regex(viewset, lookup_prefix))


router = Router()
extra_patterns: list[URLPattern | URLResolver] = []
for module in app_api_modules():
    if hasattr(module, "register"):
        module.register(router)
    extra_patterns += getattr(module, "urlpatterns", [])

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP to refuse.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *extra_patterns,
    path("", include(router.urls)),
]
