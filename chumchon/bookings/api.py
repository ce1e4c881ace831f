"""REST API of bookings, for their two sides only (someone else's booking is a 404, the list holds
only one's own). Writes go through the same services and getters as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from chumchon.bookings import selectors, services
from chumchon.bookings.models import Booking, BookingPayment
from chumchon.catalog.models import Session
from chumchon.core.http import AuthenticatedRequest, signed_in_user


class PaymentSerializer(serializers.ModelSerializer[BookingPayment]):
    reference = serializers.CharField(read_only=True)
    has_slip = serializers.SerializerMethodField()

    class Meta:
        model = BookingPayment
        fields = ["id", "part", "amount", "reference", "has_slip", "slip_uploaded_at", "confirmed_at"]
        read_only_fields = fields

    def get_has_slip(self, payment: BookingPayment) -> bool:
        return bool(payment.slip)


class BookingSerializer(serializers.ModelSerializer[Booking]):
    listing_title = serializers.CharField(source="listing.title", read_only=True)
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    community = serializers.SlugRelatedField(slug_field="slug", read_only=True)  # type: ignore[var-annotated]
    has_slip = serializers.SerializerMethodField()
    payments = PaymentSerializer(many=True, read_only=True)
    part_due = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = [
            "id", "reference", "session", "listing", "listing_title", "community", "starts_at", "people",
            "unit_price", "per_group", "amount", "deposit", "status", "note", "reason", "expires_at", "has_slip",
            "part_due", "payments", "paid_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_has_slip(self, booking: Booking) -> bool:
        """Whether a slip waits for the community's confirmation (of the payment due)."""
        part = selectors.part_due(booking)
        return any(payment.part == part and payment.slip for payment in booking.payments.all())

    def get_part_due(self, booking: Booking) -> str | None:
        """The payment the booking waits for: `deposit`, `balance`, `full`, or none."""
        return selectors.part_due(booking)


class BookingCreateSerializer(serializers.Serializer[Any]):
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())
    people = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class SlipSerializer(serializers.Serializer[Any]):
    slip = serializers.FileField()


class BookingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Booking]
):
    """Bookings the signed-in person made or received. Book a session; answer, pay by slip, confirm."""

    serializer_class = BookingSerializer
    permission_classes = [IsAuthenticated]
    request: AuthenticatedRequest
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Booking]:
        return selectors.bookings_visible_to(self.request.user).order_by("-created_at", "-id")

    def get_object(self) -> Booking:
        """The same permission-checked getter as the pages: someone else's booking is a 404."""
        booking, _side = selectors.booking_for(user=self.request.user, pk=int(self.kwargs["pk"]))
        return booking

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = BookingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = services.booking_create(buyer=signed_in_user(request), **data.validated_data)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    def _answer(self, action: Any, request: Request, **extra: Any) -> Response:
        booking = self.get_object()
        action(booking=booking, by=self.request.user, **extra)
        booking, _side = selectors.booking_for(user=self.request.user, pk=booking.pk)
        return Response(BookingSerializer(booking).data)

    @extend_schema(request=None, responses={200: BookingSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.booking_accept, request)

    @extend_schema(request=ReasonSerializer, responses={200: BookingSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.booking_decline, request, reason=data.validated_data["reason"])

    @extend_schema(request=ReasonSerializer, responses={200: BookingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.booking_cancel, request, reason=data.validated_data["reason"])

    @extend_schema(request={"multipart/form-data": SlipSerializer}, responses={200: BookingSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def slip(self, request: Request, pk: str | None = None) -> Response:
        """Send the transfer slip (a photo or a PDF) of the payment due (deposit, balance or full)."""
        data = SlipSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["slip"]
        return self._answer(services.booking_upload_slip, request, upload=upload, name=upload.name)

    @extend_schema(request=None, responses={200: BookingSerializer})
    @action(detail=True, methods=["post"], url_path="confirm-payment")
    def confirm_payment(self, request: Request, pk: str | None = None) -> Response:
        """The seller confirms the payment due arrived (deposit, balance or full): it counts as
        community income, and the booking is paid when its last part is confirmed."""
        return self._answer(services.booking_confirm_payment, request)


def register(router: BaseRouter) -> None:
    router.register("bookings", BookingViewSet, basename="booking")
