"""Forms of business matching; they validate input, the services write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import Organisation, User
from chumchon.catalog.models import Category, Listing, Theme
from chumchon.inquiries.models import DealKind
from chumchon.matching.models import (
    GROUP_AUDIENCES,
    Event,
    EventSession,
    FollowUp,
    FollowUpResult,
    Outcome,
    ParticipantType,
    PreferenceLevel,
    Priority,
    Registration,
    Role,
    Slot,
)
from chumchon.matching.models.participants import all_pairs
from chumchon.matching.services import EVENT_FIELDS, event_problems
from chumchon.places.models import Area, Community, District, Province

LANGUAGES = [
    ("th", _("Thai")),
    ("en", _("English")),
    ("zh", _("Chinese")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("fr", _("French")),
    ("de", _("German")),
]

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PairMatrix(forms.CheckboxSelectMultiple):
    """The pairs of participant types that may meet, as a table with a checkbox where a row's type
    meets a column's (each pair once: the upper triangle); every checkbox is labelled with both."""

    template_name = "matching/officer/pair_matrix.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = set(value or [])
        types = list(ParticipantType.choices)
        rows = []
        for row, (first, first_label) in enumerate(types):
            cells: list[dict[str, Any] | None] = []
            for column, (second, second_label) in enumerate(types):
                if column < row:
                    cells.append(None)
                    continue
                key = f"{min(first, second)}:{max(first, second)}"
                cells.append(
                    {
                        "key": key,
                        "id": f"{context['widget']['attrs'].get('id', 'id_' + name)}_{key.replace(':', '_')}",
                        "label": f"{first_label} – {second_label}",
                        "checked": key in chosen,
                    }
                )
            rows.append({"label": first_label, "cells": cells})
        context["matrix"] = {"name": name, "columns": [label for _value, label in types], "rows": rows}
        return context


class EventForm(forms.ModelForm[Event]):
    participant_types = forms.MultipleChoiceField(
        label=_("Types of participant who may register"),
        choices=ParticipantType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every type may register."),
    )
    pairing = forms.ChoiceField(
        label=_("Who may meet whom"),
        choices=[
            ("any", _("Anyone with anyone (a buyer always meets a seller)")),
            ("chosen", _("Only the pairs ticked below")),
        ],
        initial="any",
        required=False,  # not sent: anyone with anyone, as before
        widget=forms.RadioSelect,
    )
    meeting_pairs = forms.MultipleChoiceField(
        label=_("Types that may meet"),
        choices=[(key, key) for key, _first, _second in all_pairs()],
        required=False,
        widget=PairMatrix,
        help_text=_("Tick where the row's type may meet the column's type."),
    )
    tables = forms.IntegerField(
        label=_("Number of tables"),
        min_value=0,
        max_value=500,
        required=False,
        help_text=_("Numbered T01, T02…; you can rename them later."),
    )

    class Meta:
        model = Event
        fields = list(EVENT_FIELDS)  # what the setup service accepts, in form order
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "registration_opens": DATETIME,
            "registration_closes": DATETIME,
            "request_deadline": DATETIME,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("registration_opens", "registration_closes", "request_deadline"):
            field: Any = self.fields[name]
            field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        if self.instance.pk:
            del self.fields["tables"]
        if self.instance.meeting_pairs:
            self.initial["pairing"] = "chosen"
        # The pairs right after the choice between anyone and chosen pairs.
        order = [name for name in self.fields if name not in ("pairing", "meeting_pairs")]
        at = order.index("participant_types") + 1
        order[at:at] = ["pairing", "meeting_pairs"]
        self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.pop("pairing", "") != "chosen":
            data["meeting_pairs"] = []
        elif not data.get("meeting_pairs"):
            self.add_error("meeting_pairs", _("Tick at least one pair, or let anyone meet anyone."))
        for name, problem in event_problems(data).items():
            if name in self.fields:
                self.add_error(name, problem)
        return data


class SessionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False, help_text=_("e.g. Morning, day 1"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A session must end after it starts."))
        return data


class TablesForm(forms.Form):
    names = forms.CharField(
        label=_("Tables"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One table name per line."),
        required=False,
    )

    def clean_names(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]
        if any(len(name) > 40 for name in names):
            raise forms.ValidationError(_("A table name has at most 40 characters."))
        return names


class AnnouncementForm(forms.Form):
    """A message from the organiser to a group of participants."""

    audience = forms.ChoiceField(label=_("Send to"), choices=GROUP_AUDIENCES, widget=forms.RadioSelect)
    subject = forms.CharField(label=_("Subject"), max_length=120)
    body = forms.CharField(label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6}))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why it is rejected"), max_length=300)


class RegistrationForm(forms.Form):
    """What an organisation offers and seeks; prefilled from its profile and listings."""

    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("Organisation"))
    role = forms.ChoiceField(label=_("Taking part as"), choices=Role.choices, widget=forms.RadioSelect)
    participant_type = forms.ChoiceField(
        label=_("Type of participant"),
        choices=ParticipantType.choices,
        required=False,  # not sent: what the side usually is (services.default_type)
        widget=forms.RadioSelect,
    )
    representatives = forms.ModelMultipleChoiceField(
        User.objects.none(),
        label=_("Representatives attending"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of your organisation who come; your partners see their names on the agenda."),
    )
    community = forms.ModelChoiceField(Community.objects.none(), label=_("Community"), required=False)
    offers = forms.ModelMultipleChoiceField(
        Listing.objects.none(),
        label=_("What you offer"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your organisation's published listings."),
    )
    offers_text = forms.CharField(
        label=_("What you offer, in your words"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    seeks_categories = forms.ModelMultipleChoiceField(
        Category.objects.all(), label=_("Categories you seek"), required=False, widget=forms.CheckboxSelectMultiple
    )
    seeks_themes = forms.ModelMultipleChoiceField(
        Theme.objects.all(), label=_("Themes you seek"), required=False, widget=forms.CheckboxSelectMultiple
    )
    seeks_provinces = forms.ModelMultipleChoiceField(
        Province.objects.all(), label=_("Provinces you seek"), required=False
    )
    seeks_areas = forms.ModelMultipleChoiceField(
        Area.objects.all(), label=_("Areas you seek"), required=False, widget=forms.CheckboxSelectMultiple
    )
    seeks_text = forms.CharField(
        label=_("What you seek, in your words"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Thai or English, e.g. เครื่องปั้นดินเผา สังคโลก for a hotel shop."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"), choices=LANGUAGES, widget=forms.CheckboxSelectMultiple, initial=["th"]
    )
    sessions = forms.ModelMultipleChoiceField(
        EventSession.objects.none(), label=_("Sessions you attend"), widget=forms.CheckboxSelectMultiple
    )
    unavailable_slots = forms.ModelMultipleChoiceField(
        Slot.objects.none(), label=_("Slots you cannot make"), required=False, widget=forms.CheckboxSelectMultiple
    )
    booth = forms.CharField(
        label=_("Your booth"),
        max_length=40,
        required=False,
        help_text=_("If you have a booth, meetings take place there."),
    )
    standby = forms.BooleanField(
        label=_("Offer me meetings freed on the day"),
        required=False,
        help_text=_("When someone does not show up, standby participants get the freed slot."),
    )

    def __init__(
        self,
        *args: Any,
        event: Event,
        organisations: Any,
        registration: Registration | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        org_ids = [registration.organisation_id] if registration else list(organisations.values_list("pk", flat=True))
        self.fields["community"].queryset = Community.objects.filter(organisation__in=org_ids)  # type: ignore[attr-defined]
        self.fields["offers"].queryset = (  # type: ignore[attr-defined]
            Listing.objects.published().filter(community__organisation__in=org_ids).order_by("title_th")
        )
        self.fields["sessions"].queryset = event.sessions.all()  # type: ignore[attr-defined]
        self.fields["unavailable_slots"].queryset = event.slots.select_related("session")  # type: ignore[attr-defined]
        if registration is not None:
            del self.fields["organisation"]
            del self.fields["role"]
        else:
            allowed = [(value, label) for value, label in Role.choices if event.admits(value)]
            self.fields["role"].choices = allowed  # type: ignore[attr-defined]
        if event.is_online:
            del self.fields["booth"]
        self.fields["participant_type"].choices = [  # type: ignore[attr-defined]
            (value, ParticipantType(value).label) for value in event.admitted_types()
        ]
        if registration is None:
            del self.fields["representatives"]
        else:
            self.fields["representatives"].queryset = (  # type: ignore[attr-defined]
                User.objects.filter(memberships__organisation=registration.organisation).distinct().order_by("pk")
            )
            self.fields["representatives"].label_from_instance = _person_label  # type: ignore[attr-defined]

    def chosen_representatives(self) -> list[User] | None:
        """The representatives chosen (None when the form does not ask: a new registration)."""
        if "representatives" not in self.fields:
            return None
        return list(self.cleaned_data.get("representatives") or [])

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        data.pop("role", None)
        data.pop("representatives", None)
        data["languages"] = ",".join(data.get("languages") or ["th"])
        return data


def _person_label(person: User) -> str:
    return person.get_full_name() or person.get_username()


class RequestForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("How much it matters"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM
    )
    message = forms.CharField(
        label=_("Message (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Scheduling by the organiser ------------------------------------------------------------

import json  # noqa: E402

from django.utils import timezone  # noqa: E402

from chumchon.matching.models import Table  # noqa: E402

#: A schedule file for 1,000 participants is well under a megabyte.
SCHEDULE_FILE_LIMIT = 5 * 1024 * 1024


class ScheduleRunForm(forms.Form):
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=5,
        max_value=600,
        initial=30,
        help_text=_("Between 5 and 600 seconds. Longer runs may find a better schedule for large events."),
    )
    incremental = forms.BooleanField(
        label=_("Keep the current meetings where they are and add the new requests (changes agendas little)"),
        required=False,
    )


class ScheduleImportForm(forms.Form):
    file = forms.FileField(
        label=_("Schedule file (meeting-schedule/1, JSON)"),
        help_text=_("A schedule solved elsewhere for the instance downloaded from this page."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > SCHEDULE_FILE_LIMIT:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))
        try:
            return json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise forms.ValidationError(_("This file is not JSON text.")) from None


class _SlotChoice(forms.ModelChoiceField[Slot]):
    def label_from_instance(self, obj: Slot) -> str:
        start = timezone.localtime(obj.starts_at)
        return f"{start:%d/%m} {obj}"


class MeetingPlaceForm(forms.Form):
    """A slot and a table for a meeting (the table is ignored at a booth or online)."""

    slot = _SlotChoice(label=_("Time slot"), queryset=Slot.objects.none())
    table = forms.ModelChoiceField(label=_("Table"), queryset=Table.objects.none(), required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        slot_field = self.fields["slot"]
        table_field = self.fields["table"]
        assert isinstance(slot_field, forms.ModelChoiceField) and isinstance(table_field, forms.ModelChoiceField)
        slot_field.queryset = event.slots.order_by("starts_at")
        table_field.queryset = event.tables.order_by("pk")
        if event.is_online:
            del self.fields["table"]


# --- agendas and the day itself ---


class WalkInForm(forms.Form):
    """A meeting arranged on the spot: two checked-in participants, a free slot and a table."""

    first = forms.ModelChoiceField(queryset=Registration.objects.none(), label=_("Buyer"))
    second = forms.ModelChoiceField(queryset=Registration.objects.none(), label=_("Seller"))
    slot = forms.ModelChoiceField(queryset=Slot.objects.none(), label=_("Time"))
    table: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        label=_("Table"),
        required=False,
        help_text=_("Not needed when either side has a booth or the event is online."),
    )

    def __init__(self, *args: Any, event: Event, slots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        present = event.registrations.approved().filter(checked_in_at__isnull=False).select_related("organisation")
        self.fields["first"].queryset = present.filter(role=Role.BUYER).order_by("organisation__name")  # type: ignore[attr-defined]
        self.fields["second"].queryset = present.filter(role=Role.SELLER).order_by("organisation__name")  # type: ignore[attr-defined]
        self.fields["slot"].queryset = slots  # type: ignore[attr-defined]
        self.fields["table"].queryset = event.tables.order_by("pk")  # type: ignore[attr-defined]
        self.fields["first"].label_from_instance = _organisation_label  # type: ignore[attr-defined]
        self.fields["second"].label_from_instance = _organisation_label  # type: ignore[attr-defined]


def _organisation_label(registration: Registration) -> str:
    return f"{registration.organisation} ({registration.code})"


# --- directory filters, preferences, outcomes, deals and follow-ups -----------------------------


class DirectoryFilterForm(forms.Form):
    """Filters of the participant directory (GET); anything unknown is simply ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    role = forms.ChoiceField(label=_("Taking part as"), required=False, choices=[("", _("Everyone")), *Role.choices])
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.order_by("parent_id", "position", "pk")
    )
    province = forms.ModelChoiceField(label=_("Province"), required=False, queryset=Province.objects.none())
    district = forms.ModelChoiceField(label=_("District"), required=False, queryset=District.objects.none())
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("Any language")), *LANGUAGES])

    def __init__(self, *args: Any, event: Event, officer: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        in_event = {"communities__matching_registrations__event": event}
        self.fields["province"].queryset = Province.objects.filter(**in_event).distinct().order_by("name_th")  # type: ignore[attr-defined]
        self.fields["district"].queryset = District.objects.filter(**in_event).distinct().order_by("name_th")  # type: ignore[attr-defined]
        if not officer:
            del self.fields["role"]


class PreferenceForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Preference"), choices=PreferenceLevel.choices, coerce=int)


class OutcomeForm(forms.ModelForm[Outcome]):
    class Meta:
        model = Outcome
        fields = ["interest", "next_step", "expected_value", "note"]
        widgets = {"interest": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expected_value"].min_value = 0  # type: ignore[attr-defined]
        self.fields["expected_value"].widget.attrs.update({"min": "0", "step": "0.01", "inputmode": "decimal"})


class MeetingDealForm(forms.Form):
    value = forms.DecimalField(
        label=_("Value (THB)"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    date = forms.DateField(label=_("Date of the deal"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind of deal"), choices=DealKind.choices)
    description = forms.CharField(label=_("What was agreed (optional)"), required=False, max_length=300)


class FollowUpForm(forms.ModelForm[FollowUp]):
    class Meta:
        model = FollowUp
        fields = ["result", "value", "note"]
        widgets = {"result": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["result"].required = True
        self.fields["result"].choices = FollowUpResult.choices  # type: ignore[attr-defined]
        self.fields["value"].widget.attrs.update({"min": "0", "step": "0.01", "inputmode": "decimal"})
