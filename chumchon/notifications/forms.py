from __future__ import annotations

from django import forms

from chumchon.notifications.models import NotificationPreference


class PreferenceForm(forms.ModelForm[NotificationPreference]):
    class Meta:
        model = NotificationPreference
        fields = [
            "on_new_inquiry",
            "on_reply",
            "on_quote",
            "on_deal",
            "on_bookings",
            "on_matching",
            "by_email",
            "by_line",
            "line_user_id",
        ]
