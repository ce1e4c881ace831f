"""Helpers the page modules share."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chumchon.matching.models import Event

PER_PAGE = 30


def _error(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _confirmed(request: HttpRequest) -> bool:
    """Whether a destructive POST comes from its confirmation step."""
    return request.POST.get("confirm") == "1"


def _confirm(
    request: HttpRequest, *, event: Event, title: str, explanation: str, button: str, back: str
) -> HttpResponse:
    """The confirmation step of a destructive action: the same POST again (its fields carried as
    hidden inputs), with `confirm=1`. Nothing has changed yet."""
    return render(
        request,
        "matching/officer/confirm.html",
        {
            "event": event,
            "title": title,
            "explanation": explanation,
            "button": button,
            "back": back,
            "action": request.path,
            "carried": [
                (name, value)
                for name, values in request.POST.lists()
                if name not in ("csrfmiddlewaretoken", "confirm")
                for value in values
            ],
        },
    )
