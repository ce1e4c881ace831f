"""Forms of a seller's claim of a community, her proposal of a new one, and an officer's refusal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import Organisation
from chumchon.core.images import MAX_UPLOAD_BYTES
from chumchon.places import selectors
from chumchon.places.models import CommunityClaim, Subdistrict


class OrganisationChoice(forms.ModelChoiceField[Organisation]):
    def __init__(self, organisations: QuerySet[Organisation]) -> None:
        super().__init__(queryset=organisations, label=_("For my organisation"), empty_label=None)


class ClaimForm(forms.Form):
    """Claim an existing community for one of the person's organisations."""

    message = forms.CharField(
        label=_("A word for the officer (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"organisation": OrganisationChoice(organisations), **self.fields}


class ProposalForm(forms.ModelForm):
    """Propose a new community: its names, where it is, how to reach it."""

    subdistrict_label = forms.CharField(
        label=_("Subdistrict (tambon)"),
        max_length=200,
        help_text=_("Type the first letters and pick it from the list."),
        widget=forms.TextInput(attrs={"list": "subdistrict-options", "autocomplete": "off"}),
    )
    photo = forms.ImageField(
        label=_("A photo of the community (optional)"),
        required=False,
        help_text=_("From your camera or gallery: JPEG, PNG, WebP or HEIC, up to 15 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    class Meta:
        model = CommunityClaim
        fields = ["name_th", "name_en", "latitude", "longitude", "phone", "line_id", "email", "households", "message"]
        widgets = {
            "latitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "message": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"organisation": OrganisationChoice(organisations), **self.fields}
        self.fields["name_th"].required = True
        field_order = ["organisation", "name_th", "name_en", "subdistrict_label"]
        self.order_fields(field_order)

    def clean_subdistrict_label(self) -> str:
        value: str = self.cleaned_data["subdistrict_label"]
        self.subdistrict: Subdistrict | None = selectors.subdistrict_from_label(value)
        if self.subdistrict is None:
            raise ValidationError(_("Pick the subdistrict from the list (type its first letters)."))
        return value

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Photos can be at most 15 MB."))
        return photo

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {
            **data,
            "organisation": self.cleaned_data["organisation"],
            "subdistrict": self.subdistrict,
            "photo": self.cleaned_data.get("photo") or None,
        }


class ClaimRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why not (the seller sees this)"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class InvitationAcceptForm(forms.Form):
    """Take over an invited community: for one of the person's organisations, or a new one."""

    new_name = forms.CharField(
        label=_("Or the name of a new community enterprise"),
        required=False,
        max_length=200,
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations.exists():
            field = forms.ModelChoiceField(
                queryset=organisations, label=_("For my organisation"), required=False, empty_label=_("A new one")
            )
            self.fields = {"organisation": field, **self.fields}
        else:
            self.fields["new_name"].label = _("The name of your community enterprise")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organisation") and not (data.get("new_name") or "").strip():
            raise ValidationError(_("Choose one of your organisations or name a new one."))
        return data
