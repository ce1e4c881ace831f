"""Favourites and trip plans: a buyer saves listings, composes a trip across communities from them
(days, order, group size, dates) and sends it as one request that becomes a request for quote to
each community for its part."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import User
from chumchon.catalog.models import Listing
from chumchon.inquiries.models import Conversation, Inquiry
from chumchon.places.models import Community

MAX_DAYS = 30
MAX_GROUP = 1000


class SavedListing(models.Model):
    """A listing a person saved with the heart button."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_listings")
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="saved_by")
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved listing")
        verbose_name_plural = _("saved listings")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "listing"], name="saved_listing_once")]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ {self.listing_id}"


class TripStatus(models.TextChoices):
    DRAFT = "draft", _("Being planned")
    SENT = "sent", _("Sent to the communities")


class Trip(models.Model):
    """A buyer's plan of a trip across communities, sent as one request for quote per community."""

    buyer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="trips")
    title = models.CharField(_("name of the trip"), max_length=120)
    group_size = models.PositiveIntegerField(
        _("group size"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_GROUP)]
    )
    date_from = models.DateField(_("first day"), null=True, blank=True)
    date_to = models.DateField(_("last day"), null=True, blank=True)
    note = models.TextField(_("note to the communities"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=8, choices=TripStatus.choices, default=TripStatus.DRAFT)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(group_size__gte=1), name="trip_group_size_positive"),
            models.CheckConstraint(
                condition=Q(date_to__isnull=True) | Q(date_from__isnull=False, date_to__gte=models.F("date_from")),
                name="trip_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("trips:detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == TripStatus.DRAFT


class TripItem(models.Model):
    """A listing in a trip, on a day and in an order within that day."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="items")
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="+")
    day = models.PositiveSmallIntegerField(
        _("day"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS)]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("trip stop")
        verbose_name_plural = _("trip stops")
        ordering = ["day", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "listing"], name="trip_item_once"),
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=MAX_DAYS), name="trip_item_day_range"),
        ]

    def __str__(self) -> str:
        return f"{self.trip_id}: day {self.day} #{self.position}"


class TripPart(models.Model):
    """One community's part of a sent trip: the request for quote it was sent, in its conversation."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="parts")
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    conversation = models.ForeignKey(Conversation, on_delete=models.SET_NULL, null=True, related_name="+")
    inquiry = models.ForeignKey(Inquiry, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("part of a trip")
        verbose_name_plural = _("parts of trips")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["trip", "community"], name="trip_part_once_per_community")]

    def __str__(self) -> str:
        return f"{self.trip_id} → {self.community_id}"
