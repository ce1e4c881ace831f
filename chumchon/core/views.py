from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from chumchon.core.api_errors import error_body
from chumchon.places import selectors as places

HOME_COMMUNITIES = 8


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "communities": places.communities_for_browse()[:HOME_COMMUNITIES],
        "provinces": places.provinces_with_communities(),
        "cities": places.creative_cities(),
    }
    return render(request, "core/home.html", context)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = error_body(
            code="not_found", errors=[{"field": None, "code": "not_found", "message": gettext("Not found.")}]
        )
        return JsonResponse(body, status=404)
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the error may be the database itself.
    from django.template import loader

    if request.path.startswith("/api/"):
        return JsonResponse(error_body(code="server_error", errors=[], detail="Server error."), status=500)

    return HttpResponse(loader.get_template("500.html").render({"request_path": request.path}), status=500)
