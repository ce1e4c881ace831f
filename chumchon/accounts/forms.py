from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chumchon.accounts import services
from chumchon.accounts.models import ApiKeyScope, MembershipRole, Organisation, Role, User


class SignupForm(forms.Form):
    """Extra sign-up fields for django-allauth: name, what the person is, and PDPA consent."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    role = forms.ChoiceField(label=_("I am a"), choices=Role.choices, widget=forms.RadioSelect, initial=Role.TOURIST)
    accept_privacy = forms.BooleanField(
        label=_("I have read the privacy notice and agree that Chumchon keeps my data to run my account."),
        error_messages={"required": _("You must accept the privacy notice to create an account.")},
    )

    field_order = ["name", "email", "role", "password1", "password2", "accept_privacy"]

    def signup(self, request: HttpRequest, user: User) -> None:
        services.user_complete_signup(
            user=user,
            name=self.cleaned_data["name"],
            role=self.cleaned_data["role"],
            notice_version=settings.PRIVACY_NOTICE_VERSION,
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "role", "phone", "line_id", "language"]


def _https_urls(field: models.Field, **kwargs: object) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)  # type: ignore[arg-type]


class OrganisationForm(forms.ModelForm):
    formfield_callback = _https_urls

    class Meta:
        model = Organisation
        fields = ["name", "kind", "description", "phone", "email", "line_id", "website", "promptpay_id"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_promptpay_id(self) -> str:
        value: str = "".join(ch for ch in self.cleaned_data["promptpay_id"] if ch.isdigit())
        if value and len(value) not in (10, 13):
            raise forms.ValidationError(_("A PromptPay ID is a 10-digit mobile number or a 13-digit ID number."))
        return value


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person to add"))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label=_("Your password, to confirm"), widget=forms.PasswordInput)

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user
        if not user.has_usable_password():  # signed up with LINE: no password to type
            self.fields["password"] = forms.CharField(label=_("Your e-mail address, to confirm"))

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.has_usable_password():
            if password.strip().lower() != self.user.email.lower():
                raise forms.ValidationError(_("That is not your e-mail address."))
        elif not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("What is it for?"), max_length=50, help_text=_("For example: “shop stock sync”. Only you see it.")
    )
    scope = forms.ChoiceField(label=_("Access"), choices=ApiKeyScope.choices, initial=ApiKeyScope.READ)
    lifetime_days = forms.TypedChoiceField(
        label=_("Works for"),
        coerce=int,
        initial=90,
        choices=[(days, _("%(days)d days") % {"days": days}) for days in services.API_KEY_LIFETIMES_DAYS],
    )
    organisation = forms.ModelChoiceField(
        label=_("For an organisation (partner system)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("No: for me"),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        owned = Organisation.objects.filter(memberships__user=user, memberships__role=MembershipRole.OWNER)
        self.fields["organisation"].queryset = owned  # type: ignore[attr-defined]
        if not owned.exists():
            del self.fields["organisation"]
