from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chumchon.reviews.models import MAX_REPLY, MAX_TEXT, ReviewLanguage

# Stars are drawn, with the number for screen readers and for people who count.
STAR_CHOICES = [(n, "★" * n + "☆" * (5 - n) + f" {n}") for n in (5, 4, 3, 2, 1)]


class ReviewForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Stars"), choices=STAR_CHOICES, coerce=int, widget=forms.RadioSelect, empty_value=None
    )
    text = forms.CharField(
        label=_("Your review"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In Thai or English: what you did, what you liked, what could be better."),
    )
    language = forms.ChoiceField(label=_("Written in"), choices=ReviewLanguage.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = "en" if translation.get_language() == "en" else "th"


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Your public reply"), max_length=MAX_REPLY, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this review?"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the reporters and the seller are told)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
