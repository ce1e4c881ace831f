from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.notifications.models import NotificationPreference


class PreferenceForm(forms.ModelForm[NotificationPreference]):
    """What to be told about and how. When the site links LINE through its official account
    (`linking`), the LINE user ID is not typed: it comes from the webhook."""

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

    def __init__(self, *args: Any, linking: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.linking = linking
        if linking:
            del self.fields["line_user_id"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.linking and cleaned.get("by_line") and not self.instance.line_user_id:
            self.add_error("by_line", _("Link your LINE first: add our official account and send it your code."))
        return cleaned
