from __future__ import annotations

import logging
import time

from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from chumchon.core import selectors
from chumchon.core.api_errors import error_body
from chumchon.core.decorators import officer_required
from chumchon.places import selectors as places

logger = logging.getLogger(__name__)

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
    """200 when the database and the cache answer, 503 naming the part that does not (for load
    balancers and monitors). Answered over plain HTTP too (settings.SECURE_REDIRECT_EXEMPT): a load
    balancer checks the machine directly, without TLS.

    The task queue is reported, not judged: a growing `oldest_queued_seconds` means no worker is
    running, or too few, and is for a monitor to alert on; the site still answers, so still 200."""
    body: dict[str, object] = {"status": "ok", "database": "ok", "cache": "ok"}
    queue = None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        queue = selectors.task_queue_summary()
    except DatabaseError:
        body["database"] = "unreachable"
    if not _cache_answers():
        body["cache"] = "unreachable"
    if queue is not None:
        body["tasks"] = {"queued": queue.queued, "oldest_queued_seconds": queue.oldest_queued_seconds}
    if "unreachable" in body.values():
        body["status"] = "error"
        return JsonResponse(body, status=503)
    return JsonResponse(body)


def _cache_answers() -> bool:
    """Whether the cache (Redis when REDIS_URL is set; rate limits and sessions live there) stores and reads."""
    from django.core.cache import cache

    try:
        token = str(time.monotonic_ns())
        cache.set("healthz", token, 30)
        return bool(cache.get("healthz") == token)
    except Exception:  # redis.ConnectionError, TimeoutError, OSError...: every way of not answering
        logger.warning("healthz: the cache does not answer", exc_info=True)
        return False


JOBS_PER_PAGE = 50


@officer_required
def jobs(request: HttpRequest) -> HttpResponse:
    """Background jobs, newest first, so officers see what failed or is stuck."""
    status = request.GET.get("status", "")
    if status not in selectors.STATUS_LABELS:
        status = ""
    page = Paginator(selectors.task_results_recent(status=status), JOBS_PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    context = {
        "page": page,
        "rows": [selectors.JobRow(result=result, now=now) for result in page.object_list],
        "status": status,
        "statuses": selectors.STATUS_LABELS.items(),
        "queue": selectors.task_queue_summary(now=now),
        "now": now,
        "query_string": urlencode({"status": status}) if status else "",
    }
    return render(request, "core/jobs.html", context)


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
