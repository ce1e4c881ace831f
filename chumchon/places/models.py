from __future__ import annotations

import secrets
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


def latitude_field() -> models.DecimalField:
    """A point's latitude, within Thailand (5°N to 21°N); blank when unknown."""
    return models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(21)],
    )


def longitude_field() -> models.DecimalField:
    """A point's longitude, within Thailand (97°E to 106°E); blank when unknown."""
    return models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(97), MaxValueValidator(106)],
    )


class BilingualName(models.Model):
    """Thai name with an English one; `name` gives the one for the active language."""

    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class Province(BilingualName):
    """A changwat (จังหวัด), loaded from geothai."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name_th"]

    def get_absolute_url(self) -> str:
        return reverse("places:province", kwargs={"province": self.slug})


class District(BilingualName):
    """An amphoe (อำเภอ), loaded from geothai."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    slug = models.SlugField(_("slug"))
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["province", "slug"], name="district_unique_slug")]

    def get_absolute_url(self) -> str:
        return reverse("places:district", kwargs={"province": self.province.slug, "district": self.slug})


class Subdistrict(BilingualName):
    """A tambon (ตำบล), loaded from geothai."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="subdistricts")
    postal_codes = models.CharField(_("postal codes"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")
        ordering = ["code"]


class AreaKind(models.TextChoices):
    DESIGNATED = "designated", _("Designated area for sustainable tourism")
    CLUSTER = "cluster", _("Tourism cluster")


class Area(BilingualName):
    """A designated area or other grouping of provinces the agency works in."""

    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=AreaKind.choices, default=AreaKind.DESIGNATED)
    provinces = models.ManyToManyField(Province, related_name="areas", blank=True, verbose_name=_("provinces"))
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name_th"]


class CreativeField(models.TextChoices):
    CRAFTS_AND_FOLK_ART = "crafts_folk_art", _("Crafts and Folk Art")
    DESIGN = "design", _("Design")
    FILM = "film", _("Film")
    GASTRONOMY = "gastronomy", _("Gastronomy")
    LITERATURE = "literature", _("Literature")
    MEDIA_ARTS = "media_arts", _("Media Arts")
    MUSIC = "music", _("Music")


class CreativeCityStatus(models.TextChoices):
    MEMBER = "member", _("UNESCO Creative City")
    CANDIDATE = "candidate", _("Candidate")


class CreativeCity(BilingualName):
    """A city in (or preparing to join) the UNESCO Creative Cities Network."""

    slug = models.SlugField(_("slug"), unique=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="creative_cities")
    field = models.CharField(_("UNESCO field"), max_length=32, choices=CreativeField.choices)
    status = models.CharField(_("status"), max_length=16, choices=CreativeCityStatus.choices)
    member_since = models.PositiveSmallIntegerField(
        _("member since (year, CE)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2004), MaxValueValidator(2100)],
    )
    target_fiscal_year = models.PositiveSmallIntegerField(
        _("target fiscal year (พ.ศ.)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2547), MaxValueValidator(2643)],
    )
    lead_organisation = models.CharField(_("lead organisation"), max_length=200, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        verbose_name = _("creative city")
        verbose_name_plural = _("creative cities")
        ordering = ["-status", "name_th"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="member", member_since__isnull=False)
                | Q(status="candidate", target_fiscal_year__isnull=False),
                name="creative_city_status_has_year",
                violation_error_message=_(
                    "A member city needs the year it joined; a candidate needs a target fiscal year."
                ),
            )
        ]


class CommunityQuerySet(models.QuerySet["Community"]):
    def published(self) -> CommunityQuerySet:
        return self.filter(is_published=True)

    def with_places(self) -> CommunityQuerySet:
        return self.select_related("province", "district", "subdistrict", "area")

    def in_province(self, province: Province) -> CommunityQuerySet:
        return self.filter(province=province)

    def in_district(self, district: District) -> CommunityQuerySet:
        return self.filter(district=district)


def _unguessable(folder: str, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}.{extension}"


def community_photo_path(instance: Any, filename: str) -> str:
    """An unguessable storage name for a community's photo (as listing photos have,
    `catalog.models.photo_path`): MEDIA_ROOT is served publicly, and the photo of an unpublished
    community must not be found by trying addresses (`communities/community_Ab3xY9z.jpg` could be)."""
    return _unguessable("communities", filename)


def claim_photo_path(instance: Any, filename: str) -> str:
    """An unguessable storage name for the photo sent with a proposal of a community, which only the
    officers and its sender see until it is approved."""
    return _unguessable("community-claims", filename)


class Community(BilingualName):
    """A tourism community or craft village, with its story and public contact channels."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    external_id = models.CharField(_("external id"), max_length=64, unique=True, null=True, blank=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communities", verbose_name=_("province")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="communities", verbose_name=_("district")
    )
    subdistrict = models.ForeignKey(
        Subdistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communities",
        verbose_name=_("subdistrict"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="communities", verbose_name=_("area")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communities",
        verbose_name=_("organisation"),
    )
    latitude = latitude_field()
    longitude = longitude_field()
    story_th = models.TextField(_("story (Thai)"), blank=True)
    story_en = models.TextField(_("story (English)"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    # Carrying capacity: the most visitors the community hosts in a day, across all its bookings.
    daily_visitor_limit = models.PositiveIntegerField(
        _("most visitors a day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("Bookings of all your experiences and routes stop when a day reaches it. Empty: no limit."),
    )
    photo = models.ImageField(_("photo"), upload_to=community_photo_path, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    is_sample = models.BooleanField(_("sample data"), default=False, help_text=_("Demo data, not a real community."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name_th"]
        indexes = [models.Index(fields=["province", "district"])]

    def get_absolute_url(self) -> str:
        return reverse("places:community", kwargs={"slug": self.slug})

    @property
    def story(self) -> str:
        if translation.get_language() == "en" and self.story_en:
            return self.story_en
        return self.story_th

    @property
    def story_is_thai_fallback(self) -> bool:
        return translation.get_language() == "en" and bool(self.story_th) and not self.story_en

    @property
    def line_url(self) -> str:
        """A LINE link that opens a chat with the ID (personal IDs and @official accounts)."""
        if not self.line_id:
            return ""
        return f"https://line.me/R/ti/p/{self.line_id if self.line_id.startswith('@') else '~' + self.line_id}"


class ClaimKind(models.TextChoices):
    CLAIM = "claim", _("Claim an existing community")
    PROPOSAL = "proposal", _("Propose a new community")


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an officer")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CommunityClaimQuerySet(models.QuerySet["CommunityClaim"]):
    def pending(self) -> CommunityClaimQuerySet:
        return self.filter(status=ClaimStatus.PENDING)

    def with_related(self) -> CommunityClaimQuerySet:
        return self.select_related(
            "organisation", "community", "community__district", "community__organisation", "submitted_by",
            "subdistrict", "subdistrict__district", "subdistrict__district__province", "decided_by",
        )  # fmt: skip


class CommunityClaim(models.Model):
    """An organisation asking to run a community: an existing one (claim) or a new one (proposal)."""

    kind = models.CharField(_("kind"), max_length=16, choices=ClaimKind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="community_claims",
        verbose_name=_("organisation"),
    )
    # The claimed community; for a proposal, the community created when it is approved.
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("community"),
    )
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sent by")
    )
    # What a proposal says of the new community.
    name_th = models.CharField(_("name (Thai)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    subdistrict = models.ForeignKey(
        Subdistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subdistrict"),
    )
    latitude = latitude_field()
    longitude = longitude_field()
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to=claim_photo_path, blank=True)
    message = models.TextField(_("message to the officer"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.PENDING)
    reason = models.TextField(_("officer's reason"), blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = CommunityClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("community claim")
        verbose_name_plural = _("community claims")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open request per organisation and community: a second tap adds nothing.
            models.UniqueConstraint(
                fields=["organisation", "community"],
                condition=Q(status="pending"),
                name="community_claim_one_pending",
                violation_error_message=_("Your organisation already asked for this community."),
            ),
            models.CheckConstraint(
                condition=Q(kind="proposal") | Q(community__isnull=False),
                name="community_claim_names_community",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display_name} ({self.organisation_id})"

    @property
    def display_name(self) -> str:
        """The community's name: the claimed one, or the proposed one."""
        if self.community is not None:
            return self.community.name
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class CommunityInvitation(models.Model):
    """An e-mail inviting the person who runs a community to take it over: sent when a community
    import names its runner by an e-mail that has no account (or no organisation) yet.

    The link in the e-mail is signed and expires (`places.invitations`); accepting it makes the
    person's organisation run the community."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("community")
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, default="th")
    invited_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("officer")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("community invitation")
        verbose_name_plural = _("community invitations")
        constraints = [
            models.UniqueConstraint(fields=["community", "email"], name="community_invitation_once_per_email")
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.community_id}"
