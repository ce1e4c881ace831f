"""Reviews you can trust: written only after a real transaction (a completed booking, a confirmed
deal, a held matching meeting), one per transaction, with the seller's one public reply, reports
of abuse and the officers' moderation."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import Organisation, User
from chumchon.bookings.models import Booking
from chumchon.catalog.models import Listing
from chumchon.inquiries.models import Deal
from chumchon.matching.models import Meeting
from chumchon.places.models import Community

MAX_TEXT = 3000
MAX_REPLY = 2000


class ReviewStatus(models.TextChoices):
    PUBLISHED = "published", _("Shown")
    HIDDEN = "hidden", _("Hidden by an officer")


class ReviewLanguage(models.TextChoices):
    THAI = "th", _("Thai")
    ENGLISH = "en", _("English")


class ReviewQuerySet(models.QuerySet["Review"]):
    def public(self) -> ReviewQuerySet:
        return self.filter(status=ReviewStatus.PUBLISHED)


class Review(models.Model):
    """A buyer's stars and words about a seller after one transaction between them."""

    # Exactly one of the three transactions (a check constraint says so).
    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, null=True, blank=True, related_name="review", verbose_name=_("booking")
    )
    deal = models.OneToOneField(
        Deal, on_delete=models.CASCADE, null=True, blank=True, related_name="review", verbose_name=_("deal")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="reviews", verbose_name=_("meeting")
    )
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="reviews_written")
    # Who is reviewed: the organisation whose members may reply, and what the stars count for.
    seller = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="reviews_received", verbose_name=_("reviewed")
    )
    community = models.ForeignKey(Community, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews")
    listing = models.ForeignKey(Listing, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews")
    stars = models.PositiveSmallIntegerField(_("stars"))
    text = models.TextField(_("your review"), max_length=MAX_TEXT)
    language = models.CharField(
        _("written in"), max_length=2, choices=ReviewLanguage.choices, default=ReviewLanguage.THAI
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PUBLISHED, db_index=True
    )
    reply = models.TextField(_("the seller's reply"), max_length=MAX_REPLY, blank=True)
    replied_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    moderation_reason = models.CharField(_("officer's reason"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="review_stars_1_to_5"),
            models.CheckConstraint(
                condition=(
                    Q(booking__isnull=False, deal__isnull=True, meeting__isnull=True)
                    | Q(booking__isnull=True, deal__isnull=False, meeting__isnull=True)
                    | Q(booking__isnull=True, deal__isnull=True, meeting__isnull=False)
                ),
                name="review_one_transaction",
            ),
            # A meeting has two sides: each may review the other once.
            models.UniqueConstraint(
                fields=["meeting", "seller"], condition=Q(meeting__isnull=False), name="review_one_per_meeting_side"
            ),
        ]
        indexes = [
            models.Index(fields=["listing", "status"], name="review_listing_status"),
            models.Index(fields=["community", "status"], name="review_community_status"),
        ]

    def __str__(self) -> str:
        return f"{self.stars}★ {self.seller}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED


class ReviewReport(models.Model):
    """Someone telling the officers that a review is abusive, false or off-topic."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="review_reports")
    reason = models.CharField(_("what is wrong"), max_length=500)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["review", "reporter"], name="review_report_once_per_person")]

    def __str__(self) -> str:
        return f"Report on review {self.review_id}"
