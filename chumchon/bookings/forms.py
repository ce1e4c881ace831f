"""Forms of bookings: the booking form on a listing, the slip, a reason, the seller's terms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.bookings.models import BookingTerms
from chumchon.catalog.models import Session
from chumchon.core.thai import format_date

MAX_PEOPLE = 500


class SessionChoiceField(forms.ModelChoiceField[Session]):
    def label_from_instance(self, obj: Session) -> str:
        if not obj.seats_left:
            return _("%(date)s — full") % {"date": format_date(obj.starts_at, with_time=True)}
        return _("%(date)s — %(seats)d seat(s) left") % {
            "date": format_date(obj.starts_at, with_time=True),
            "seats": obj.seats_left,
        }


class BookingForm(forms.Form):
    session = SessionChoiceField(
        queryset=Session.objects.none(),
        label=_("Date"),
        empty_label=None,
        error_messages={"invalid_choice": _("This date has passed or cannot be booked: choose another one.")},
    )
    people = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=MAX_PEOPLE,
        initial=1,
        error_messages={
            "min_value": _("Book for at least one person."),
            "max_value": _("A booking is for at most %(limit_value)s people: contact the community for more."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("Message to the community (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, SessionChoiceField)
        field.queryset = sessions


class SlipForm(forms.Form):
    slip = forms.FileField(
        label=_("Transfer slip (photo or PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=300)


class TermsForm(forms.ModelForm[BookingTerms]):
    class Meta:
        model = BookingTerms
        fields = [
            "mode", "response_hours", "deposit_percent", "deposit_amount", "cancellation_policy_th",
            "cancellation_policy_en",
        ]  # fmt: skip
        widgets = {
            "mode": forms.RadioSelect,
            "cancellation_policy_th": forms.Textarea(attrs={"rows": 3}),
            "cancellation_policy_en": forms.Textarea(attrs={"rows": 3}),
            "deposit_percent": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "deposit_amount": forms.NumberInput(attrs={"inputmode": "decimal"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("deposit_percent") and data.get("deposit_amount"):
            self.add_error("deposit_amount", _("Ask a deposit as a percentage or as an amount, not both."))
        return data


class CapacityForm(forms.Form):
    daily_visitor_limit = forms.IntegerField(
        label=_("Most visitors a day"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Bookings of all your experiences and routes stop when a day reaches it. Empty: no limit."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
