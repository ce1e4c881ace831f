"""The REST API's URLs: the OpenAPI schema and docs, and every app's `api.py`.

An app's api.py defines `register(router)` for its viewsets and may define `urlpatterns` for plain
API views; both are mounted under /api/v1/.
"""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
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


router = DefaultRouter()
extra_patterns: list[URLPattern | URLResolver] = []
for module in app_api_modules():
    if hasattr(module, "register"):
        module.register(router)
    extra_patterns += getattr(module, "urlpatterns", [])

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *extra_patterns,
    path("", include(router.urls)),
]
