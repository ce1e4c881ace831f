from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.trips.models import MAX_DAYS, MAX_GROUP, Trip


class TripForm(forms.ModelForm[Trip]):
    class Meta:
        model = Trip
        fields = ["title", "group_size", "date_from", "date_to", "note"]
        widgets = {
            "date_from": forms.DateInput(attrs={"type": "date"}),
            "date_to": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "group_size": forms.NumberInput(attrs={"min": 1, "max": MAX_GROUP}),
        }


class AddToTripForm(forms.Form):
    trip = forms.IntegerField(label=_("Trip"), required=False)
    new_title = forms.CharField(label=_("or a new trip named"), max_length=120, required=False)
    day = forms.IntegerField(label=_("Day"), min_value=1, max_value=MAX_DAYS, initial=1)
