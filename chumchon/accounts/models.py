from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey


class Role(models.TextChoices):
    SELLER = "seller", _("Community seller")
    BUYER = "buyer", _("Business buyer")
    TOURIST = "tourist", _("Tourist")


class UserManager(BaseUserManager["User"]):
    """Users are identified by e-mail; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person: community seller, business buyer, tourist; staff users are agency officers."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("I am a"), max_length=16, choices=Role.choices, default=Role.TOURIST)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=64, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=[("th", "ไทย"), ("en", "English")], default="th"
    )
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def is_officer(self) -> bool:
        return self.is_staff

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name or self.email.split("@")[0]


class OrganisationKind(models.TextChoices):
    COMMUNITY_ENTERPRISE = "community_enterprise", _("Community enterprise")
    COMPANY = "company", _("Company")
    AGENCY = "agency", _("Agency")


class Organisation(models.Model):
    """A community enterprise, company or agency that people act for."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    description = models.TextField(_("description"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=64, blank=True)
    website = models.URLField(_("website"), blank=True)
    promptpay_id = models.CharField(
        _("PromptPay ID"),
        max_length=20,
        blank=True,
        help_text=_("Mobile number or 13-digit tax/citizen ID that receives PromptPay payments."),
    )
    members = models.ManyToManyField(User, through="Membership", related_name="organisations")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A person's place in an organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_person")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class Consent(models.Model):
    """A person's agreement to a version of the privacy notice (PDPA), kept as evidence."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    notice_version = models.CharField(_("notice version"), max_length=32)
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.user} consented to {self.notice_version}"


class AuditEntry(models.Model):
    """A staff or privacy-relevant action: who did what to which object, when, before and after."""

    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}:{self.object_id}"


class ApiKeyScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class UserAPIKey(AbstractAPIKey):
    """A person's (or, for a partner system, an organisation's) key to the API, kept only as a hash.

    The key itself is shown once, when it is made; afterwards only its prefix identifies it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("owner"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_keys",
        verbose_name=_("organisation"),
        help_text=_("For a partner system acting for an organisation; it stops working if its owner leaves it."),
    )
    scope = models.CharField(_("access"), max_length=8, choices=ApiKeyScope.choices, default=ApiKeyScope.READ)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API key")  # type: ignore[assignment]  # the library's Meta says str
        verbose_name_plural = _("API keys")  # type: ignore[assignment]
        ordering = ["-created"]  # type: ignore[assignment]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def can_write(self) -> bool:
        return self.scope == ApiKeyScope.WRITE

    @property
    def is_usable(self) -> bool:
        return not self.revoked and not self.has_expired
