"""Officers' forms of the programme. They only check input; every write goes through `services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import User
from chumchon.places.models import CreativeCity, CreativeField
from chumchon.programmes.models import ActionStatus, CityStage, ReadinessStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PDF = forms.ClearableFileInput(attrs={"accept": "application/pdf"})


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class PersonByEmail(forms.ModelChoiceField[User]):
    """A person chosen by the e-mail address of their account (a list of every user would not scale)."""

    default_error_messages = {"invalid_choice": _("No active account has this e-mail address.")}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(User.objects.filter(is_active=True), to_field_name="email", widget=forms.EmailInput, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.email if isinstance(value, User) else super().prepare_value(value)


class MouForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    parties = forms.CharField(
        label=_("Partners"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One organisation per line.")
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    duration_years = forms.IntegerField(label=_("Duration (years)"), min_value=1, max_value=20, initial=4)
    cities = forms.ModelMultipleChoiceField(
        CreativeCity.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Cities")
    )
    coordinator = forms.ModelChoiceField(
        User.objects.filter(is_staff=True, is_active=True),
        required=False,
        label=_("Coordinator"),
        help_text=_("The officer reminded when a yearly review is overdue."),
    )
    document = forms.FileField(label=_("Signed document (PDF)"), required=False, widget=PDF)

    def clean_parties(self) -> list[str]:
        parties = _lines(self.cleaned_data["parties"])
        if not parties:
            raise forms.ValidationError(_("Name at least one partner."))
        return parties


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200)
    attendees = forms.CharField(
        label=_("Attendees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One person per line."),
    )
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, years: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [("", _("Another meeting"))]
        choices += [(n, _("Yearly review %(number)s") % {"number": n}) for n in range(1, years + 1)]
        # First on the form: which yearly review of the MOU (1 … its duration) this meeting is.
        self.fields = {
            "review_number": forms.TypedChoiceField(
                label=_("Yearly review"), coerce=int, empty_value=None, required=False, choices=choices
            ),
            **self.fields,
        }

    def clean_attendees(self) -> list[str]:
        return _lines(self.cleaned_data["attendees"])


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action to take"), max_length=300)
    owner = PersonByEmail(label=_("Owner's e-mail"))
    due_on = forms.DateField(label=_("Due date"), widget=DATE)
    city = forms.ModelChoiceField(CreativeCity.objects.all(), required=False, label=_("City"))
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.OPEN)
    evidence = forms.FileField(label=_("Evidence (PDF)"), required=False, widget=PDF)


class ReadinessForm(forms.Form):
    criterion = forms.CharField(label=_("Criterion"), max_length=300)
    owner = PersonByEmail(label=_("Owner's e-mail"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ReadinessStatus.choices, initial=ReadinessStatus.NOT_STARTED)
    evidence = forms.FileField(label=_("Evidence (PDF)"), required=False, widget=PDF)


class CityStageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=CityStage.choices)
    on = forms.DateField(label=_("Date"), widget=DATE)
    target_fiscal_year = forms.IntegerField(
        label=_("Target fiscal year (พ.ศ.)"),
        required=False,
        min_value=2547,
        max_value=2643,
        help_text=_("For a candidate."),
    )
    field = forms.ChoiceField(
        label=_("UNESCO field"),
        required=False,
        choices=[("", "—"), *CreativeField.choices],
        help_text=_("For a designation."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
