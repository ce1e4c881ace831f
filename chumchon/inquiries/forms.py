from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import Organisation
from chumchon.core.uploads import CleanFile, clean_photo_or_pdf
from chumchon.inquiries.models import DealKind, DealSource, InquiryKind
from chumchon.inquiries.services import MAX_ATTACHMENTS, QuoteLineSpec

ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several photos or PDFs, each checked (and photos re-encoded) by `clean_photo_or_pdf`."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attach photos or PDF files"))
        kwargs.setdefault(
            "help_text", _("Up to 5 files: photos (JPEG, PNG, WebP, HEIC, at most 15 MB) or PDF (at most 10 MB).")
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": ACCEPT, "multiple": True})

    def clean(self, data: Any, initial: Any = None) -> list[CleanFile]:
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(_("Attach at most %(max)s files to one message.") % {"max": MAX_ATTACHMENTS})
        return [clean_photo_or_pdf(upload, name=upload.name or "file") for upload in uploads]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class StartForm(forms.Form):
    """An inquiry or request for quote, as a buyer writes it."""

    kind = forms.ChoiceField(
        label=_("What would you like?"), choices=InquiryKind.choices, widget=forms.RadioSelect, initial="question"
    )
    act_for = forms.TypedChoiceField(label=_("Write as"), coerce=int, empty_value=None, required=False)
    quantity = forms.IntegerField(label=_("Quantity or group size"), min_value=1, max_value=1_000_000, required=False)
    date_from = forms.DateField(label=_("Date (or first day)"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Last day (for a date range)"), required=False, widget=DateInput())
    budget = forms.DecimalField(
        label=_("Budget (THB)"), min_value=Decimal("0"), max_digits=12, decimal_places=2, required=False
    )
    body = forms.CharField(label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    attachments = AttachmentsField()

    def __init__(self, *args: Any, organisations: list[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        act_for = self.fields["act_for"]
        assert isinstance(act_for, forms.TypedChoiceField)
        if organisations:
            act_for.choices = [("", _("Myself")), *((org.pk, org.name) for org in organisations)]
        else:
            del self.fields["act_for"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_to and (not date_from or date_to < date_from):
            self.add_error("date_to", _("The end date must come after the start date."))
        if date_from and date_from < timezone.localdate() - dt.timedelta(days=1):
            self.add_error("date_from", _("Choose a date from today on."))
        return data


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = AttachmentsField()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("body") or "").strip() and not data.get("attachments") and not self.errors:
            raise ValidationError(_("Write a message or attach a file."))
        return data


class QuoteForm(forms.Form):
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput())
    notes = forms.CharField(
        label=_("Notes (delivery, payment, what is included)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuoteLineForm(forms.Form):
    description = forms.CharField(label=_("Item"), max_length=200, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2, required=False
    )
    unit_price = forms.DecimalField(
        label=_("Unit price (THB)"), min_value=Decimal("0"), max_digits=12, decimal_places=2, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("description") or "").strip():
            if data.get("quantity") is None:
                self.add_error("quantity", _("How many?"))
            if data.get("unit_price") is None:
                self.add_error("unit_price", _("At what price?"))
        return data

    def spec(self) -> QuoteLineSpec | None:
        data = self.cleaned_data
        if not (data.get("description") or "").strip():
            return None
        return QuoteLineSpec(data["description"], data["quantity"], data["unit_price"])


QuoteLineFormSet = forms.formset_factory(QuoteLineForm, extra=3, max_num=30, absolute_max=30)


class DealForm(forms.Form):
    value = forms.DecimalField(label=_("Value (THB)"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2)
    date = forms.DateField(label=_("Date of the deal"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=DealKind.choices, widget=forms.RadioSelect)
    source = forms.ChoiceField(
        label=_("Where did it come from?"),
        choices=[(value, label) for value, label in DealSource.choices if value != DealSource.BOOKING],
        widget=forms.RadioSelect,
    )
    description = forms.CharField(label=_("What was sold or booked"), max_length=300, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
