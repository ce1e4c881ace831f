"""Pages for everyone: the list of events and an event's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chumchon.matching import selectors, services

from ._common import PER_PAGE


def event_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.events_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "matching/event_list.html", {"page": page})


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.registration_of(request.user, event)
    return render(
        request,
        "matching/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "sessions": event.sessions.prefetch_related("slots"),
            "can_register": event.registration_is_open() and registration is None,
            "waitlist_position": services.waitlist_position(registration) if registration else None,
        },
    )
