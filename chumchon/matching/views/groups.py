"""Group sessions: the officers' page to set them up and cancel them, and one-click join and leave
for participants (from their agenda or the participants page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.matching import selectors, services
from chumchon.matching.models import (
    GROUP_MAX_GUESTS,
    GROUP_MIN_GUESTS,
    Event,
    GroupSession,
    Registration,
    Role,
    Slot,
    Table,
)

from ._common import _confirm, _confirmed, _error


class GroupSessionForm(forms.Form):
    """A group session: who hosts it, when, where, for whom and for how many."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    host = forms.ModelChoiceField(label=gettext_lazy("Host"), queryset=Registration.objects.none())
    slot = forms.ModelChoiceField(label=gettext_lazy("Time"), queryset=Slot.objects.none())
    table = forms.ModelChoiceField(label=gettext_lazy("Table"), queryset=Table.objects.none(), required=False)
    capacity = forms.IntegerField(
        label=gettext_lazy("Places for guests"), min_value=GROUP_MIN_GUESTS, max_value=GROUP_MAX_GUESTS, initial=8
    )
    guest_role = forms.ChoiceField(
        label=gettext_lazy("Who may join"),
        choices=[("", gettext_lazy("Any participant")), *Role.choices],
        required=False,
    )
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hosts = event.registrations.approved().select_related("organisation").order_by("organisation__name")
        self.fields["host"].queryset = hosts  # type: ignore[attr-defined]
        self.fields["host"].label_from_instance = lambda r: f"{r.organisation} ({r.code})"  # type: ignore[attr-defined]
        self.fields["slot"].queryset = event.slots.order_by("starts_at")  # type: ignore[attr-defined]
        self.fields["table"].queryset = event.tables.order_by("pk")  # type: ignore[attr-defined]
        if event.is_online:
            del self.fields["table"]


@officer_required
def group_desk(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The event's group sessions with their guests, and the form to set up another."""
    event = selectors.event_for(request.user, slug)
    form = GroupSessionForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("The group session “%(title)s” was set up.") % {"title": group.title})
            return redirect("matching:group_desk", slug=slug)
    groups = (
        event.group_sessions.active()
        .select_related("slot", "table", "host__organisation")
        .prefetch_related("guests__registration__organisation")
    )
    return render(request, "matching/officer/groups.html", {"event": event, "groups": groups, "form": form})


@officer_required
@require_POST
def group_cancel(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Cancel a group session after a confirmation step; the host and guests are told."""
    event = selectors.event_for(request.user, slug)
    group = get_object_or_404(event.group_sessions.active(), pk=pk)
    back = reverse("matching:group_desk", kwargs={"slug": slug})
    if not _confirmed(request):
        return _confirm(
            request,
            event=event,
            title=_("Cancel the group session “%(title)s”?") % {"title": group.title},
            explanation=_("Its host and its %(count)s guests are told at once, and the time and table are free again.")
            % {"count": group.guest_count},
            button=_("Yes, cancel it"),
            back=back,
        )
    try:
        told = services.group_cancel(group=group, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request, _("The group session was cancelled; %(count)s participants were told.") % {"count": told}
        )
    return redirect(back)


def _back(request: AuthenticatedHttpRequest, slug: str) -> str:
    page = "matching:participants" if request.POST.get("back") == "participants" else "matching:agenda"
    return reverse(page, kwargs={"slug": slug}) + "#groups"


@login_required
@require_POST
def group_join(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    group = get_object_or_404(GroupSession.objects.active().filter(event=event), pk=pk)
    try:
        services.group_join(group=group, registration=registration, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("You joined “%(title)s”: it is on your agenda.") % {"title": group.title})
    return redirect(_back(request, slug))


@login_required
@require_POST
def group_leave(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    group = get_object_or_404(
        GroupSession.objects.active().filter(event=event, guests__registration=registration), pk=pk
    )
    try:
        services.group_leave(group=group, registration=registration, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("You left “%(title)s”.") % {"title": group.title})
    return redirect(_back(request, slug))
