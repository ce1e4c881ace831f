"""REST API of favourites and trips: one's own only (someone else's trip is a 404, the lists hold
only one's own). The same services as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from chumchon.catalog.selectors import listing_for_viewer
from chumchon.core.http import AuthenticatedRequest
from chumchon.trips import selectors, services
from chumchon.trips.models import MAX_DAYS, SavedListing, Trip, TripItem, TripPart


class SavedListingSerializer(serializers.ModelSerializer[SavedListing]):
    listing_title = serializers.CharField(source="listing.title", read_only=True)

    class Meta:
        model = SavedListing
        fields = ["listing", "listing_title", "created_at"]
        read_only_fields = ["listing_title", "created_at"]
        extra_kwargs = {"listing": {"read_only": True}}


class SaveSerializer(serializers.Serializer[Any]):
    listing = serializers.IntegerField()


class TripItemSerializer(serializers.ModelSerializer[TripItem]):
    listing_title = serializers.CharField(source="listing.title", read_only=True)
    community = serializers.CharField(source="listing.community.slug", read_only=True)

    class Meta:
        model = TripItem
        fields = ["id", "listing", "listing_title", "community", "day", "position"]
        read_only_fields = fields


class TripPartSerializer(serializers.ModelSerializer[TripPart]):
    community = serializers.SlugRelatedField(slug_field="slug", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = TripPart
        fields = ["community", "conversation"]
        read_only_fields = fields


class TripSerializer(serializers.ModelSerializer[Trip]):
    items = TripItemSerializer(many=True, read_only=True)
    parts = TripPartSerializer(many=True, read_only=True)

    class Meta:
        model = Trip
        fields = [
            "id", "title", "group_size", "date_from", "date_to", "note", "status", "sent_at", "items", "parts",
            "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "status", "sent_at", "items", "parts", "created_at"]


class AddSerializer(serializers.Serializer[Any]):
    listing = serializers.IntegerField()
    day = serializers.IntegerField(min_value=1, max_value=MAX_DAYS, default=1)


class SavedListingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[SavedListing]):
    """The signed-in person's saved listings: save with POST, unsave with DELETE `/saved/<listing id>/`."""

    serializer_class = SavedListingSerializer
    permission_classes = [IsAuthenticated]
    request: AuthenticatedRequest
    lookup_field = "listing"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[SavedListing]:
        return selectors.saved_of(self.request.user)

    @extend_schema(request=SaveSerializer, responses={201: SavedListingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        listing = listing_for_viewer(user=self.request.user, pk=data.validated_data["listing"])
        saved = services.listing_save(user=self.request.user, listing=listing)
        return Response(SavedListingSerializer(saved).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        saved = self.get_object()  # someone else's (or never saved) is a 404
        services.listing_unsave(user=self.request.user, listing=saved.listing)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TripViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Trip],
):
    """The signed-in person's trips: create, change, add stops, send (one request for quote per community)."""

    serializer_class = TripSerializer
    permission_classes = [IsAuthenticated]
    request: AuthenticatedRequest
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Trip]:
        return selectors.trips_of(self.request.user).prefetch_related("items__listing__community", "parts__community")

    def get_object(self) -> Trip:
        """The same getter as the page: someone else's trip is a 404."""
        selectors.trip_for(user=self.request.user, pk=int(self.kwargs["pk"]))
        return self.get_queryset().get(pk=int(self.kwargs["pk"]))

    def perform_create(self, serializer: serializers.BaseSerializer[Trip]) -> None:
        serializer.instance = services.trip_create(buyer=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer: serializers.BaseSerializer[Trip]) -> None:
        trip = self.get_object()
        values = {
            "title": trip.title,
            "group_size": trip.group_size,
            "date_from": trip.date_from,
            "date_to": trip.date_to,
            "note": trip.note,
            **serializer.validated_data,
        }
        serializer.instance = services.trip_update(trip=trip, by=self.request.user, **values)

    def perform_destroy(self, instance: Trip) -> None:
        services.trip_delete(trip=instance, by=self.request.user)

    @extend_schema(request=AddSerializer, responses={200: TripSerializer})
    @action(detail=True, methods=["post"])
    def add(self, request: Request, pk: str | None = None) -> Response:
        """Add a listing to the trip on a day (last in that day's order)."""
        trip = self.get_object()
        data = AddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        listing = listing_for_viewer(user=self.request.user, pk=data.validated_data["listing"])
        services.trip_add(trip=trip, by=self.request.user, listing=listing, day=data.validated_data["day"])
        return Response(TripSerializer(self.get_object()).data)

    @extend_schema(request=None, responses={200: TripSerializer})
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str | None = None) -> Response:
        """Send the trip: a request for quote to each community for its stops."""
        services.trip_send(trip=self.get_object(), by=self.request.user)
        return Response(TripSerializer(self.get_object()).data)


def register(router: BaseRouter) -> None:
    router.register("saved", SavedListingViewSet, basename="saved-listing")
    router.register("trips", TripViewSet, basename="trip")
