"""REST API for the creative-city programme: what the programme pages show, to the same people.

MOUs and review meetings (minutes, decisions, action items and their owners) are for officers, as
on the pages; a signed-in person reads and closes their own action items. The querysets come from
`selectors`, the same ones the pages use, so someone else's item is a 404 here as there. Signed MOU
documents and owners' e-mail addresses are never exposed; officers download the documents from the
programme pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from chumchon.accounts.models import User
from chumchon.core.http import AuthenticatedRequest, signed_in_user
from chumchon.places.models import CreativeCity
from chumchon.programmes import selectors, services
from chumchon.programmes.models import ActionItem, Mou, ReviewMeeting


class IsOfficerOrOwnItems(permissions.IsAuthenticated):
    """Signed-in people only; only officers write, except that owners close their own items.

    What each person may read is decided by the viewset's queryset (`selectors.*_visible_to`).
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user.is_staff) or view.action == "done"


class MouSerializer(serializers.ModelSerializer[Mou]):
    cities: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=CreativeCity.objects.all(), required=False
    )
    parties = serializers.ListField(child=serializers.CharField(max_length=200), source="party_list", min_length=1)
    ends_on = serializers.DateField(read_only=True)
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = Mou
        fields = ["id", "title", "parties", "signed_on", "duration_years", "ends_on", "cities", "has_document"]

    def get_has_document(self, mou: Mou) -> bool:
        return bool(mou.document)


class ActionItemSerializer(serializers.ModelSerializer[ActionItem]):
    meeting = serializers.PrimaryKeyRelatedField(queryset=ReviewMeeting.objects.all())
    owner = serializers.SlugRelatedField(
        slug_field="email", queryset=User.objects.filter(is_active=True), write_only=True
    )
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    city = serializers.SlugRelatedField(
        slug_field="slug", queryset=CreativeCity.objects.all(), required=False, allow_null=True
    )
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "title", "owner", "owner_name", "city", "due_on", "status", "done_on", "is_overdue"]
        read_only_fields = ["status", "done_on"]

    def get_is_overdue(self, item: ActionItem) -> bool:
        return item.is_overdue()


class ReviewMeetingSerializer(serializers.ModelSerializer[ReviewMeeting]):
    attendees = serializers.ListField(
        child=serializers.CharField(max_length=200), source="attendee_list", required=False
    )
    action_items = ActionItemSerializer(many=True, read_only=True)

    class Meta:
        model = ReviewMeeting
        fields = ["id", "mou", "held_on", "title", "attendees", "minutes", "decisions", "action_items"]


class MouViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Mou]
):
    """MOUs with their parties, duration and computed end date; officers add them (documents on the pages)."""

    serializer_class = MouSerializer
    permission_classes = [IsOfficerOrOwnItems]
    queryset = Mou.objects.none()  # for the schema's types; get_queryset decides what each person sees

    def get_queryset(self) -> QuerySet[Mou]:
        return selectors.mous_visible_to(self.request.user).order_by("-signed_on", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Mou]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.mou_create(
            by=signed_in_user(self.request),
            title=data["title"],
            parties=data["party_list"],
            signed_on=data["signed_on"],
            duration_years=data.get("duration_years", 4),
            cities=data.get("cities", []),
        )


class ReviewMeetingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[ReviewMeeting]
):
    """Review meetings with attendees, minutes, decisions and action items; officers add them."""

    serializer_class = ReviewMeetingSerializer
    permission_classes = [IsOfficerOrOwnItems]
    queryset = ReviewMeeting.objects.none()

    def get_queryset(self) -> QuerySet[ReviewMeeting]:
        return selectors.meetings_visible_to(self.request.user).order_by("-held_on", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[ReviewMeeting]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.meeting_create(
            by=signed_in_user(self.request),
            mou=data["mou"],
            held_on=data["held_on"],
            title=data["title"],
            attendees=data.get("attendee_list", []),
            minutes=data.get("minutes", ""),
            decisions=data.get("decisions", ""),
        )


class ActionItemViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[ActionItem]
):
    """Action items; officers add them, and the owner or an officer marks one done."""

    serializer_class = ActionItemSerializer
    permission_classes = [IsOfficerOrOwnItems]
    queryset = ActionItem.objects.none()

    def get_queryset(self) -> QuerySet[ActionItem]:
        return selectors.action_items_visible_to(self.request.user).order_by("due_on", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[ActionItem]) -> None:
        serializer.instance = services.action_item_create(
            by=signed_in_user(self.request), **dict(serializer.validated_data)
        )

    @extend_schema(request=None, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: AuthenticatedRequest, pk: str | None = None) -> Response:
        item = selectors.action_item_for(request.user, int(pk or 0))
        services.action_item_mark_done(item=item, by=request.user)
        return Response(ActionItemSerializer(item).data)


def register(router: BaseRouter) -> None:
    router.register("programme/mous", MouViewSet, basename="mou")
    router.register("programme/meetings", ReviewMeetingViewSet, basename="review-meeting")
    router.register("programme/action-items", ActionItemViewSet, basename="action-item")
