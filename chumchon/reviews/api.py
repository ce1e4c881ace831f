"""REST API of reviews: public reviews of a listing or a community; writing one after one's own
transaction, the seller's reply and reports, signed in. The same getters and services as the pages:
someone else's transaction is a 404, a hidden review is a 404 for the public."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.views import APIView

from chumchon.core.http import signed_in_user
from chumchon.reviews import selectors, services
from chumchon.reviews.models import MAX_REPLY, MAX_TEXT, Review, ReviewLanguage


class ReviewSerializer(serializers.ModelSerializer[Review]):
    reviewer = serializers.SerializerMethodField()
    seller = serializers.CharField(source="seller.name", read_only=True)
    community = serializers.SlugRelatedField(slug_field="slug", read_only=True)  # type: ignore[var-annotated]
    transaction = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id", "listing", "community", "seller", "reviewer", "stars", "text", "language", "transaction",
            "reply", "replied_at", "status", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_reviewer(self, review: Review) -> str:
        return review.reviewer.name or ""

    def get_transaction(self, review: Review) -> str:
        return "booking" if review.booking_id else "deal" if review.deal_id else "meeting"


class ReviewCreateSerializer(serializers.Serializer[Any]):
    booking = serializers.IntegerField(required=False, help_text="A completed booking of yours.")
    deal = serializers.IntegerField(required=False, help_text="A confirmed deal on your buying side.")
    meeting = serializers.IntegerField(required=False, help_text="A held matching meeting of yours.")
    stars = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(max_length=MAX_TEXT)
    language = serializers.ChoiceField(choices=ReviewLanguage.choices, default=ReviewLanguage.THAI)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if sum(name in attrs for name in ("booking", "deal", "meeting")) != 1:
            raise serializers.ValidationError("Give exactly one of booking, deal or meeting.")
        return attrs


class ReplySerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=MAX_REPLY)


class ReportSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500)


class ReadOrSignedIn(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.method in SAFE_METHODS or bool(request.user and request.user.is_authenticated)


class ReviewViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Review]
):
    """Published reviews (filter with `?listing=<id>` or `?community=<slug>`); write one after your
    own completed booking, confirmed deal or held meeting; the reviewed seller replies once; anyone
    signed in may report one."""

    serializer_class = ReviewSerializer
    permission_classes = [ReadOrSignedIn]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Review]:
        reviews = selectors.public_reviews()
        listing = self.request.query_params.get("listing")
        community = self.request.query_params.get("community")
        if listing is not None:
            # An id no database row can have (not digits, or past 64 bits) matches nothing.
            known = listing.isdigit() and int(listing) < 2**63
            reviews = reviews.filter(listing_id=int(listing)) if known else reviews.none()
        if community:
            reviews = reviews.filter(community__slug=community)
        return reviews

    def get_object(self) -> Review:
        """The same getter as the page: a hidden review only for its writer, seller and officers."""
        return selectors.review_for(user=self.request.user, pk=int(self.kwargs["pk"]))

    @extend_schema(
        parameters=[
            OpenApiParameter("listing", int, description="Reviews of this listing"),
            OpenApiParameter("community", str, description="Reviews of this community (its slug)"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ReviewCreateSerializer, responses={201: ReviewSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ReviewCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = signed_in_user(request)
        values = data.validated_data
        about: dict[str, Any] = {}
        if "booking" in values:
            about["booking"] = selectors.booking_to_review(user=user, pk=values["booking"])
        elif "deal" in values:
            about["deal"] = selectors.deal_to_review(user=user, pk=values["deal"])
        else:
            about["meeting"], _other = selectors.meeting_to_review(user=user, pk=values["meeting"])
        review = services.review_create(
            reviewer=user, stars=values["stars"], text=values["text"], language=values["language"], **about
        )
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReplySerializer, responses={200: ReviewSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def reply(self, request: Request, pk: str | None = None) -> Response:
        """The reviewed organisation's one public reply (anyone else: 404)."""
        review = selectors.review_for_seller(user=signed_in_user(request), pk=int(pk or 0))
        data = ReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_reply(review=review, by=signed_in_user(request), text=data.validated_data["text"])
        return Response(ReviewSerializer(review).data)

    @extend_schema(request=ReportSerializer, responses={201: None})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def report(self, request: Request, pk: str | None = None) -> Response:
        """Tell the officers this review is abusive (a few reports an hour at most: 429 past it)."""
        review = self.get_object()
        data = ReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.review_report(review=review, by=signed_in_user(request), reason=data.validated_data["reason"])
        return Response(status=status.HTTP_201_CREATED)


def register(router: BaseRouter) -> None:
    router.register("reviews", ReviewViewSet, basename="review")
