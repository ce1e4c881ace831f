"""REST API for the creative-city programme.

Anyone reads the creative cities and their path, readiness checklists, MOUs, review meetings and
action items; what the pages keep to officers stays theirs here: minutes, decisions, attendees and
owners' names come back empty (null) for everyone else, and signed MOU documents and evidence files are
served only to officers (an item's evidence also to its owner); anyone else gets a 404. Officers write,
through the same services as the pages; an action item's owner closes it (`done/`, with evidence if
they have it). Files are uploaded as multipart form data and checked by the same service as on the
pages (a PDF, by its first bytes, of at most 20 MB). Owners' e-mail addresses are never exposed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from chumchon.accounts.models import User
from chumchon.core.http import AuthenticatedRequest, signed_in_user
from chumchon.core.storage import private_file_response
from chumchon.places.models import CreativeCity
from chumchon.programmes import selectors, services
from chumchon.programmes.models import ActionItem, ActionStatus, CityStatusChange, Mou, ReadinessItem, ReviewMeeting


class IsOfficerOrOwnItems(permissions.BasePermission):
    """Anyone reads; only officers write, except that owners close their own items (with evidence).

    Which fields and files each person sees is decided by the serializers (`sees_officer_fields`) and
    by the permission-checked getters (`selectors.mou_for`, `action_item_for`): someone else's file is a 404.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        return bool(request.user.is_staff) or view.action == "done"


class OfficerFieldsMixin:
    """Leaves empty (null) the fields the pages keep to officers, for anyone else."""

    officer_fields: tuple[str, ...] = ()

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)  # type: ignore[misc]
        request = self.context.get("request")  # type: ignore[attr-defined]
        if not selectors.sees_officer_fields(getattr(request, "user", None)):
            for name in self.officer_fields:
                if name in data:
                    data[name] = None
        return data


class FileUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="A PDF of at most 20 MB.")


class DoneSerializer(serializers.Serializer[Any]):
    evidence = serializers.FileField(required=False, help_text="Evidence of the work done: a PDF of at most 20 MB.")


PDF_RESPONSE = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF file."),
    404: OpenApiResponse(description="No such file, or not yours to see."),
}


def _pk(pk: str | None) -> int:
    """The id in the address; anything but a number is a 404 (not a server error)."""
    if not (pk or "").isdigit():
        raise Http404
    return int(pk or 0)


def _pdf(field: Any, name: str) -> Any:
    if not field:
        raise Http404
    return private_file_response(field, content_type="application/pdf", filename=name)


def _write(call: Any) -> Any:
    """A service call whose refusal (a Django ValidationError) becomes the API's 400."""
    from django.core.exceptions import ValidationError as DjangoValidationError

    try:
        return call()
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"file": error.messages}
        raise serializers.ValidationError(detail) from None


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


class ActionItemSerializer(OfficerFieldsMixin, serializers.ModelSerializer[ActionItem]):
    meeting = serializers.PrimaryKeyRelatedField(queryset=ReviewMeeting.objects.all())
    owner = serializers.SlugRelatedField(
        slug_field="email", queryset=User.objects.filter(is_active=True), write_only=True
    )
    owner_name = serializers.CharField(
        source="owner.name", read_only=True, allow_null=True, help_text="Officers only; null for anyone else."
    )
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

    officer_fields = ("owner_name",)

    def get_has_evidence(self, item: ActionItem) -> bool:
        return bool(item.evidence)

    def get_is_overdue(self, item: ActionItem) -> bool:
        return item.is_overdue()


class ReviewMeetingSerializer(OfficerFieldsMixin, serializers.ModelSerializer[ReviewMeeting]):
    attendees = serializers.ListField(
        child=serializers.CharField(max_length=200),
        source="attendee_list",
        required=False,
        allow_null=True,
        help_text="Officers only; null for anyone else.",
    )
    minutes = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text="Officers only; null for anyone else."
    )
    decisions = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text="Officers only; null for anyone else."
    )
    action_items = ActionItemSerializer(many=True, read_only=True)

    class Meta:
        model = ReviewMeeting
        fields = ["id", "mou", "review_number", "held_on", "title", "attendees", "minutes", "decisions", "action_items"]
        read_only_fields = ["mou"]  # on update; a new meeting names its MOU (see ReviewMeetingViewSet)

    officer_fields = ("attendees", "minutes", "decisions")

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is None:
            fields["mou"] = serializers.PrimaryKeyRelatedField(queryset=Mou.objects.all())
        return fields


class ReadinessItemSerializer(OfficerFieldsMixin, serializers.ModelSerializer[ReadinessItem]):
    city = serializers.SlugRelatedField(slug_field="slug", queryset=CreativeCity.objects.all())
    owner = serializers.SlugRelatedField(
        slug_field="email",
        queryset=User.objects.filter(is_active=True),
        write_only=True,
        required=False,
        allow_null=True,
    )
    owner_name = serializers.CharField(
        source="owner.name",
        read_only=True,
        default="",
        allow_null=True,
        help_text="Officers only; null for anyone else.",
    )
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = ReadinessItem
        fields = ["id", "city", "criterion", "status", "owner", "owner_name", "has_evidence", "updated_at"]
        read_only_fields = ["updated_at"]

    officer_fields = ("owner_name",)

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
        if self.request.method in permissions.SAFE_METHODS:
            return selectors.mous_public().order_by("-signed_on", "pk")
        return selectors.mous_visible_to(self.request.user).order_by("-signed_on", "pk")

    @extend_schema(methods=["GET"], request=None, responses=PDF_RESPONSE)
    @extend_schema(
        methods=["POST"], request={"multipart/form-data": FileUploadSerializer}, responses={200: MouSerializer}
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def document(self, request: Request, pk: str | None = None) -> Any:
        """The signed MOU (PDF): officers download it and upload a new one (multipart `file`); a 404 for
        anyone else."""
        mou = selectors.mou_for(request.user, _pk(pk))
        if request.method == "GET":
            return _pdf(mou.document, f"mou-{mou.pk}.pdf")
        upload = FileUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        mou = _write(
            lambda: services.mou_update(
                mou=mou,
                by=signed_in_user(request),
                title=mou.title,
                parties=mou.party_list,
                signed_on=mou.signed_on,
                duration_years=mou.duration_years,
                cities=list(mou.cities.all()),
                coordinator=mou.coordinator,
                document=upload.validated_data["file"],
            )
        )
        return Response(MouSerializer(mou, context=self.get_serializer_context()).data)

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
        if self.request.method in permissions.SAFE_METHODS:
            return selectors.meetings_public().order_by("-held_on", "pk")
        return selectors.meetings_visible_to(self.request.user).order_by("-held_on", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[ReviewMeeting]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.review_meeting_create(
            by=signed_in_user(self.request),
            mou=data["mou"],
            held_on=data["held_on"],
            title=data["title"],
            attendees=data.get("attendee_list") or [],
            minutes=data.get("minutes") or "",
            decisions=data.get("decisions") or "",
            review_number=data.get("review_number"),
        )

    def perform_update(self, serializer: serializers.BaseSerializer[ReviewMeeting]) -> None:
        meeting = serializer.instance
        assert meeting is not None
        data = _merged(serializer, ["held_on", "title", "minutes", "decisions", "review_number"])
        data["minutes"], data["decisions"] = data["minutes"] or "", data["decisions"] or ""
        attendees = serializer.validated_data.get("attendee_list", meeting.attendee_list) or []
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
        if self.request.method in permissions.SAFE_METHODS:
            items = selectors.action_items_public()
            if self.request.query_params.get("mine") in ("true", "1"):
                items = items.filter(owner=self.request.user.pk) if self.request.user.is_authenticated else items.none()
            return items.order_by("due_on", "pk")
        return selectors.action_items_visible_to(self.request.user).order_by("due_on", "pk")

    @extend_schema(parameters=[OpenApiParameter("mine", bool, description="Only the signed-in person's own items.")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

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

    @extend_schema(
        request={"multipart/form-data": DoneSerializer, "application/json": None}, responses=ActionItemSerializer
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def done(self, request: AuthenticatedRequest, pk: str | None = None) -> Response:
        """The owner or an officer marks the item done, with an evidence file (multipart `evidence`) if
        they have one."""
        item = selectors.action_item_for(request.user, _pk(pk))
        form = DoneSerializer(data=request.data if hasattr(request.data, "getlist") else {})
        form.is_valid(raise_exception=True)
        evidence = form.validated_data.get("evidence")
        _write(lambda: services.action_item_mark_done(item=item, by=request.user, evidence=evidence))
        return Response(ActionItemSerializer(item, context=self.get_serializer_context()).data)

    @extend_schema(methods=["GET"], request=None, responses=PDF_RESPONSE)
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": FileUploadSerializer},
        responses={200: ActionItemSerializer},
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request: Request, pk: str | None = None) -> Any:
        """The item's evidence (PDF): its owner and officers download it, officers attach it (multipart
        `file`); a 404 for anyone else."""
        item = selectors.action_item_for(request.user, _pk(pk))
        if request.method == "GET":
            return _pdf(item.evidence, f"evidence-{item.pk}.pdf")
        if not request.user.is_staff:
            raise Http404
        upload = FileUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        item = _write(
            lambda: services.action_item_update(
                item=item,
                by=signed_in_user(request),
                title=item.title,
                owner=item.owner,
                due_on=item.due_on,
                status=item.status,
                city=item.city,
                evidence=upload.validated_data["file"],
            )
        )
        return Response(ActionItemSerializer(item, context=self.get_serializer_context()).data)


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
        if self.request.method in permissions.SAFE_METHODS:
            return selectors.readiness_items_public().order_by("city", "pk")
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
        if self.request.method in permissions.SAFE_METHODS:
            return selectors.city_changes_public().order_by("city", "on", "pk")
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


class CreativeCitySerializer(serializers.ModelSerializer[CreativeCity]):
    province = serializers.CharField(source="province.name_th", read_only=True)
    stage = serializers.SerializerMethodField()
    target_passed = serializers.SerializerMethodField(
        help_text="A candidate whose target fiscal year has ended with no outcome recorded."
    )
    path = serializers.SerializerMethodField()

    class Meta:
        model = CreativeCity
        fields = [
            "slug",
            "name_th",
            "name_en",
            "province",
            "field",
            "status",
            "member_since",
            "target_fiscal_year",
            "lead_organisation",
            "stage",
            "target_passed",
            "path",
        ]

    def get_stage(self, city: CreativeCity) -> str:
        """candidate, submitted, designated or not_designated: the latest step of the path."""
        return selectors.city_path(city).stage.value

    def get_target_passed(self, city: CreativeCity) -> bool:
        return selectors.city_path(city).target_passed

    @extend_schema_field(CityStatusChangeSerializer(many=True))
    def get_path(self, city: CreativeCity) -> Any:
        return CityStatusChangeSerializer(selectors.city_path(city).changes, many=True).data


class CreativeCityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[CreativeCity]):
    """Thai cities in (or preparing to join) the UNESCO Creative Cities Network, each with its path to
    the network (steps are recorded through `city-path/`). Read by anyone."""

    serializer_class = CreativeCitySerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    queryset = CreativeCity.objects.none()

    def get_queryset(self) -> QuerySet[CreativeCity]:
        return selectors.creative_cities_public().order_by("slug")


def register(router: BaseRouter) -> None:
    router.register("programme/cities", CreativeCityViewSet, basename="creative-city")
    router.register("programme/mous", MouViewSet, basename="mou")
    router.register("programme/meetings", ReviewMeetingViewSet, basename="review-meeting")
    router.register("programme/action-items", ActionItemViewSet, basename="action-item")
    router.register("programme/readiness", ReadinessItemViewSet, basename="readiness-item")
    router.register("programme/city-path", CityStatusChangeViewSet, basename="city-status-change")
