"""REST API for the creative-city programme: what the programme pages show, to the same people.

MOUs and review meetings (minutes, decisions, action items and their owners), readiness checklists
and the cities' paths to the network are for officers, as on the pages; a signed-in person reads and
closes their own action items. Every write calls the same service as the pages. The querysets come from
`selectors`, the same ones the pages use, so someone else's item is a 404 here as there. Signed MOU
documents, evidence files and owners' e-mail addresses are never exposed; officers upload and download
files on the programme pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
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
from chumchon.programmes.models import ActionItem, ActionStatus, CityStatusChange, Mou, ReadinessItem, ReviewMeeting


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
    next_review_number = serializers.SerializerMethodField()
    next_review_due_on = serializers.SerializerMethodField()
    next_review_state = serializers.SerializerMethodField()

    class Meta:
        model = Mou
        fields = [
            "id",
            "title",
            "parties",
            "signed_on",
            "duration_years",
            "ends_on",
            "cities",
            "has_document",
            "next_review_number",
            "next_review_due_on",
            "next_review_state",
        ]

    def get_has_document(self, mou: Mou) -> bool:
        return bool(mou.document)

    def get_next_review_number(self, mou: Mou) -> int | None:
        review = mou.next_review()
        return review.number if review else None

    def get_next_review_due_on(self, mou: Mou) -> dt.date | None:
        review = mou.next_review()
        return review.due_on if review else None

    def get_next_review_state(self, mou: Mou) -> str | None:
        """overdue, due (this fiscal year) or upcoming; null once every yearly review is held."""
        review = mou.next_review()
        return review.state().value if review else None


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
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "title",
            "owner",
            "owner_name",
            "city",
            "due_on",
            "status",
            "done_on",
            "is_overdue",
            "has_evidence",
        ]
        read_only_fields = ["done_on"]

    def get_has_evidence(self, item: ActionItem) -> bool:
        return bool(item.evidence)

    def get_is_overdue(self, item: ActionItem) -> bool:
        return item.is_overdue()


class ReviewMeetingSerializer(serializers.ModelSerializer[ReviewMeeting]):
    attendees = serializers.ListField(
        child=serializers.CharField(max_length=200), source="attendee_list", required=False
    )
    action_items = ActionItemSerializer(many=True, read_only=True)

    class Meta:
        model = ReviewMeeting
        fields = ["id", "mou", "review_number", "held_on", "title", "attendees", "minutes", "decisions", "action_items"]
        read_only_fields = ["mou"]  # on update; a new meeting names its MOU (see ReviewMeetingViewSet)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is None:
            fields["mou"] = serializers.PrimaryKeyRelatedField(queryset=Mou.objects.all())
        return fields


class ReadinessItemSerializer(serializers.ModelSerializer[ReadinessItem]):
    city = serializers.SlugRelatedField(slug_field="slug", queryset=CreativeCity.objects.all())
    owner = serializers.SlugRelatedField(
        slug_field="email",
        queryset=User.objects.filter(is_active=True),
        write_only=True,
        required=False,
        allow_null=True,
    )
    owner_name = serializers.CharField(source="owner.name", read_only=True, default="")
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = ReadinessItem
        fields = ["id", "city", "criterion", "status", "owner", "owner_name", "has_evidence", "updated_at"]
        read_only_fields = ["updated_at"]

    def get_has_evidence(self, item: ReadinessItem) -> bool:
        return bool(item.evidence)


class CityStatusChangeSerializer(serializers.ModelSerializer[CityStatusChange]):
    city = serializers.SlugRelatedField(slug_field="slug", queryset=CreativeCity.objects.all())

    class Meta:
        model = CityStatusChange
        fields = ["id", "city", "stage", "on", "target_fiscal_year", "field", "notes"]


def _merged(serializer: serializers.BaseSerializer[Any], names: list[str]) -> dict[str, Any]:
    """The validated data of a PUT or PATCH, with the instance's values for what a PATCH left out."""
    data = dict(serializer.validated_data)
    return {name: data[name] if name in data else getattr(serializer.instance, name) for name in names}


class MouViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Mou],
):
    """MOUs with their parties, duration, end date and next yearly review; officers add and correct them
    (documents on the pages)."""

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

    def perform_update(self, serializer: serializers.BaseSerializer[Mou]) -> None:
        mou = serializer.instance
        assert mou is not None  # an update has its object
        data = dict(serializer.validated_data)
        serializer.instance = services.mou_update(
            mou=mou,
            by=signed_in_user(self.request),
            title=data.get("title", mou.title),
            parties=data.get("party_list", mou.party_list),
            signed_on=data.get("signed_on", mou.signed_on),
            duration_years=data.get("duration_years", mou.duration_years),
            cities=data["cities"] if "cities" in data else list(mou.cities.all()),
            coordinator=mou.coordinator,
        )


class ReviewMeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[ReviewMeeting],
):
    """Review meetings with attendees, minutes, decisions and action items; officers add and edit them.

    A meeting with `review_number` n is the MOU's n-th yearly review (due n years after signing)."""

    serializer_class = ReviewMeetingSerializer
    permission_classes = [IsOfficerOrOwnItems]
    queryset = ReviewMeeting.objects.none()

    def get_queryset(self) -> QuerySet[ReviewMeeting]:
        return selectors.meetings_visible_to(self.request.user).order_by("-held_on", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[ReviewMeeting]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.review_meeting_create(
            by=signed_in_user(self.request),
            mou=data["mou"],
            held_on=data["held_on"],
            title=data["title"],
            attendees=data.get("attendee_list", []),
            minutes=data.get("minutes", ""),
            decisions=data.get("decisions", ""),
            review_number=data.get("review_number"),
        )

    def perform_update(self, serializer: serializers.BaseSerializer[ReviewMeeting]) -> None:
        meeting = serializer.instance
        assert meeting is not None
        data = _merged(serializer, ["held_on", "title", "minutes", "decisions", "review_number"])
        attendees = serializer.validated_data.get("attendee_list", meeting.attendee_list)
        serializer.instance = services.review_meeting_update(
            meeting=meeting, by=signed_in_user(self.request), attendees=attendees, **data
        )


class ActionItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[ActionItem],
):
    """Action items; officers add and change them (a new item is open), and the owner or an officer marks
    one done. Evidence files are uploaded on the pages."""

    serializer_class = ActionItemSerializer
    permission_classes = [IsOfficerOrOwnItems]
    queryset = ActionItem.objects.none()

    def get_queryset(self) -> QuerySet[ActionItem]:
        return selectors.action_items_visible_to(self.request.user).order_by("due_on", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[ActionItem]) -> None:
        data = dict(serializer.validated_data)
        if data.pop("status", ActionStatus.OPEN) != ActionStatus.OPEN:
            raise serializers.ValidationError({"status": [_("A new action item is open.")]})
        serializer.instance = services.action_item_create(by=signed_in_user(self.request), **data)

    def perform_update(self, serializer: serializers.BaseSerializer[ActionItem]) -> None:
        item = serializer.instance
        assert item is not None
        data = _merged(serializer, ["title", "owner", "due_on", "status", "city"])
        serializer.instance = services.action_item_update(item=item, by=signed_in_user(self.request), **data)

    @extend_schema(request=None, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: AuthenticatedRequest, pk: str | None = None) -> Response:
        item = selectors.action_item_for(request.user, int(pk or 0))
        services.action_item_mark_done(item=item, by=request.user)
        return Response(ActionItemSerializer(item).data)


class ReadinessItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[ReadinessItem],
):
    """Each city's readiness checklist; officers add and update criteria (evidence on the pages)."""

    serializer_class = ReadinessItemSerializer
    permission_classes = [IsOfficerOrOwnItems]
    queryset = ReadinessItem.objects.none()

    def get_queryset(self) -> QuerySet[ReadinessItem]:
        return selectors.readiness_items_visible_to(self.request.user).order_by("city", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[ReadinessItem]) -> None:
        serializer.instance = services.readiness_item_create(
            by=signed_in_user(self.request), **dict(serializer.validated_data)
        )

    def perform_update(self, serializer: serializers.BaseSerializer[ReadinessItem]) -> None:
        item = serializer.instance
        assert item is not None
        data = _merged(serializer, ["criterion", "status", "owner"])
        serializer.instance = services.readiness_item_update(item=item, by=signed_in_user(self.request), **data)


class CityStatusChangeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[CityStatusChange],
):
    """The steps of each city's path: candidate (target fiscal year), application submitted, designated
    (field) or not designated. Officers record them; a record is not edited, a new step is added."""

    serializer_class = CityStatusChangeSerializer
    permission_classes = [IsOfficerOrOwnItems]
    queryset = CityStatusChange.objects.none()

    def get_queryset(self) -> QuerySet[CityStatusChange]:
        return selectors.city_changes_visible_to(self.request.user).order_by("city", "on", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[CityStatusChange]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.city_stage_record(
            by=signed_in_user(self.request),
            city=data["city"],
            stage=data["stage"],
            on=data["on"],
            notes=data.get("notes", ""),
            target_fiscal_year=data.get("target_fiscal_year"),
            field=data.get("field", ""),
        )


def register(router: BaseRouter) -> None:
    router.register("programme/mous", MouViewSet, basename="mou")
    router.register("programme/meetings", ReviewMeetingViewSet, basename="review-meeting")
    router.register("programme/action-items", ActionItemViewSet, basename="action-item")
    router.register("programme/readiness", ReadinessItemViewSet, basename="readiness-item")
    router.register("programme/city-path", CityStatusChangeViewSet, basename="city-status-change")
