"""REST API for business matching: events, one's registrations, requests and agenda.

A participant sees only their own organisation's registrations, requests and meetings (anything
else is a 404); officers see everything of an event. Writes go through the same services as the
pages.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from chumchon.accounts.models import Organisation
from chumchon.core.filters import FilterBackend
from chumchon.core.http import AuthenticatedRequest
from chumchon.matching import selectors, services
from chumchon.matching.filters import MeetingFilterSet, RegistrationFilterSet
from chumchon.matching.models import (
    Event,
    GroupSession,
    Interest,
    Meeting,
    MeetingRequest,
    NextStep,
    Outcome,
    Priority,
    Registration,
    RegistrationStatus,
)


class EventSerializer(serializers.ModelSerializer[Event]):
    name = serializers.CharField(read_only=True)
    province = serializers.CharField(source="province.name_th", read_only=True, default=None, allow_null=True)
    sessions = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "name",
            "name_th",
            "name_en",
            "description",
            "is_online",
            "venue",
            "province",
            "status",
            "audience",
            "participant_types",
            "meeting_pairs",
            "request_mode",
            "scheduling_mode",
            "meeting_minutes",
            "break_minutes",
            "max_meetings",
            "registration_opens",
            "registration_closes",
            "request_deadline",
            "sessions",
        ]

    def get_sessions(self, event: Event) -> list[dict[str, Any]]:
        return [
            {
                "id": session.pk,
                "name": session.name,
                "date": session.date.isoformat(),
                "starts_at": session.starts_at.strftime("%H:%M"),
                "ends_at": session.ends_at.strftime("%H:%M"),
                "slots": len(session.slots.all()),
            }
            for session in event.sessions.all()
        ]


class EventViewSet(viewsets.ReadOnlyModelViewSet[Event]):
    """Business-matching events (drafts only for officers)."""

    serializer_class = EventSerializer
    lookup_field = "slug"
    queryset = Event.objects.none()

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.events_for(self.request.user).prefetch_related("sessions__slots")


class RegistrationSerializer(serializers.ModelSerializer[Registration]):
    event = serializers.SlugRelatedField(slug_field="slug", queryset=Event.objects.all())
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    community = serializers.CharField(source="community.slug", read_only=True, default=None, allow_null=True)
    languages = serializers.CharField(max_length=100, required=False)

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "organisation",
            "organisation_name",
            "community",
            "role",
            "participant_type",
            "status",
            "offers_text",
            "seeks_text",
            "languages",
            "booth",
            "standby",
            "max_meetings",
            "rejection_reason",
            "checked_in_at",
        ]
        read_only_fields = ["status", "rejection_reason", "checked_in_at"]
        # The service says why a second registration is refused, in the person's language.
        validators: list[Any] = []


class RejectSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class RegistrationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Registration]):
    """Registrations: one's own organisations' (officers: all); `?event=<slug>`, `?status=` and
    `?role=` (and `?participant_type=`) narrow them, as on the organiser's desk."""

    serializer_class = RegistrationSerializer
    permission_classes = [permissions.IsAuthenticated]
    request: AuthenticatedRequest
    queryset = Registration.objects.none()
    filter_backends = [FilterBackend]
    filterset_class = RegistrationFilterSet

    def get_queryset(self) -> QuerySet[Registration]:
        user = self.request.user
        registrations = selectors.registrations_visible_to(user).select_related("event", "organisation", "community")
        return registrations.order_by("event_id", "pk").distinct()

    def perform_create(self, serializer: serializers.BaseSerializer[Registration]) -> None:
        data = dict(serializer.validated_data)
        event = data.pop("event")
        if not selectors.events_for(self.request.user).filter(pk=event.pk).exists():
            raise ValidationError({"event": ["Object does not exist."]})
        serializer.instance = services.registration_create(
            event=event,
            organisation=data.pop("organisation"),
            role=data.pop("role"),
            by=self.request.user,
            **data,
        )

    def _officer_registration(self, pk: str | None) -> Registration:
        if not (pk or "").isdigit():
            raise NotFound
        return selectors.registration_for_officer(self.request.user, int(pk or 0))

    @extend_schema(request=None, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Officers: approve a registration."""
        registration = self._officer_registration(pk)
        services.registration_approve(registration=registration, by=self.request.user)
        return Response(RegistrationSerializer(registration).data)

    @extend_schema(request=RejectSerializer, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Officers: reject a registration, with the reason the organisation will read."""
        registration = self._officer_registration(pk)
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.registration_reject(
            registration=registration, by=self.request.user, reason=body.validated_data["reason"]
        )
        return Response(RegistrationSerializer(registration).data)


class MeetingRequestSerializer(serializers.ModelSerializer[MeetingRequest]):
    event: serializers.SlugRelatedField[Event] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    a = serializers.CharField(source="a.organisation.name", read_only=True)
    b = serializers.CharField(source="b.organisation.name", read_only=True)
    weight = serializers.IntegerField(read_only=True)

    class Meta:
        model = MeetingRequest
        fields = ["id", "event", "a", "b", "priority_a", "priority_b", "weight", "status", "message", "created_at"]


class RequestCreateSerializer(serializers.Serializer[Any]):
    event = serializers.SlugRelatedField(slug_field="slug", queryset=Event.objects.exclude(status="draft"))
    target = serializers.IntegerField(min_value=1, help_text="The registration id of the participant to meet.")
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.MEDIUM)
    message = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class MeetingRequestViewSet(viewsets.ReadOnlyModelViewSet[MeetingRequest]):
    """Meeting requests of one's own registrations; accept, decline or withdraw them."""

    serializer_class = MeetingRequestSerializer
    permission_classes = [permissions.IsAuthenticated]
    request: AuthenticatedRequest
    queryset = MeetingRequest.objects.none()

    def get_queryset(self) -> QuerySet[MeetingRequest]:
        return (
            selectors.requests_visible_to(self.request.user)
            .select_related("event", "a__organisation", "b__organisation")
            .order_by("-created_at", "-pk")
        )

    @extend_schema(request=RequestCreateSerializer, responses={201: MeetingRequestSerializer})
    def create(self, request: Request) -> Response:
        body = RequestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        event = body.validated_data["event"]
        sender = selectors.registration_of(self.request.user, event)
        if sender is None or sender.status != RegistrationStatus.APPROVED:
            raise ValidationError({"event": [_("Your registration has not been approved yet.")]})
        target = event.registrations.approved().filter(pk=body.validated_data["target"]).first()
        if target is None:
            raise ValidationError({"target": [_("No approved participant of this event has this id.")]})
        meeting_request = services.request_send(
            sender=sender,
            target=target,
            by=self.request.user,
            priority=int(body.validated_data["priority"]),
            message=body.validated_data["message"],
        )
        return Response(MeetingRequestSerializer(meeting_request).data, status=201)

    def _answer(self, request: Request, pk: str | None, service: Any) -> Response:
        meeting_request = self.get_object()
        service(meeting_request=meeting_request, by=self.request.user)
        meeting_request.refresh_from_db()
        return Response(MeetingRequestSerializer(meeting_request).data)

    @extend_schema(request=None, responses=MeetingRequestSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(request, pk, services.request_accept)

    @extend_schema(request=None, responses=MeetingRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(request, pk, services.request_decline)

    @extend_schema(request=None, responses=MeetingRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(request, pk, services.request_cancel)


class AgendaMeetingSerializer(serializers.ModelSerializer[Meeting]):
    event: serializers.SlugRelatedField[Event] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    starts_at = serializers.DateTimeField(source="slot.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="slot.ends_at", read_only=True)
    location = serializers.CharField(read_only=True)
    link = serializers.CharField(read_only=True)
    partner = serializers.SerializerMethodField()
    partner_type = serializers.SerializerMethodField()
    partner_representatives = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "event",
            "starts_at",
            "ends_at",
            "location",
            "link",
            "status",
            "partner",
            "partner_type",
            "partner_representatives",
            "role",
        ]

    def _mine(self, meeting: Meeting) -> set[int]:
        return cast(set[int], self.context.get("mine", set()))

    def get_partner(self, meeting: Meeting) -> str:
        mine = self._mine(meeting)
        other = meeting.request.b if meeting.request.a_id in mine else meeting.request.a
        return other.organisation.name

    def get_partner_type(self, meeting: Meeting) -> str:
        mine = self._mine(meeting)
        other = meeting.request.b if meeting.request.a_id in mine else meeting.request.a
        return other.participant_type

    def get_partner_representatives(self, meeting: Meeting) -> list[str]:
        """The names of the partner's representatives attending (people without a name left out)."""
        mine = self._mine(meeting)
        other = meeting.request.b if meeting.request.a_id in mine else meeting.request.a
        return [person.name for person in other.representatives.all() if person.is_active and person.name]

    def get_role(self, meeting: Meeting) -> str:
        mine = self._mine(meeting)
        own = meeting.request.a if meeting.request.a_id in mine else meeting.request.b
        return own.role


class AgendaViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Meeting]):
    """One's own meetings across events, in time order (`?event=<slug>` narrows)."""

    serializer_class = AgendaMeetingSerializer
    permission_classes = [permissions.IsAuthenticated]
    request: AuthenticatedRequest
    queryset = Meeting.objects.none()
    filter_backends = [FilterBackend]
    filterset_class = MeetingFilterSet

    def _mine(self) -> set[int]:
        return set(selectors.approved_registrations_of(self.request.user).values_list("pk", flat=True))

    def get_queryset(self) -> QuerySet[Meeting]:
        meetings = (
            selectors.agenda_meetings_of(self.request.user)
            .select_related("slot", "table", "event", "request__a__organisation", "request__b__organisation")
            .prefetch_related("request__a__representatives", "request__b__representatives")
        )
        return meetings.order_by("slot__starts_at", "pk").distinct()

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "mine": self._mine()}


class OutcomeSerializer(serializers.ModelSerializer[Outcome]):
    meeting = serializers.IntegerField(source="meeting_id", read_only=True)
    event = serializers.CharField(source="meeting.event.slug", read_only=True)
    partner = serializers.SerializerMethodField()

    class Meta:
        model = Outcome
        fields = ["id", "meeting", "event", "partner", "interest", "next_step", "expected_value", "note", "recorded_at"]

    def get_partner(self, outcome: Outcome) -> str:
        request = outcome.meeting.request
        other = request.b if request.a_id == outcome.registration_id else request.a
        return other.organisation.name


class OutcomeWriteSerializer(serializers.Serializer[Any]):
    meeting = serializers.IntegerField(min_value=1)
    interest = serializers.ChoiceField(choices=Interest.choices)
    next_step = serializers.ChoiceField(choices=NextStep.choices, default=NextStep.NONE)
    expected_value = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), default=Decimal("0")
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class OutcomeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Outcome]):
    """One's own side's outcomes of meetings; POST records (or updates) the outcome of a meeting."""

    serializer_class = OutcomeSerializer
    permission_classes = [permissions.IsAuthenticated]
    request: AuthenticatedRequest
    queryset = Outcome.objects.none()

    def get_queryset(self) -> QuerySet[Outcome]:
        return (
            selectors.outcomes_visible_to(self.request.user)
            .select_related("meeting__event", "meeting__request__a__organisation", "meeting__request__b__organisation")
            .order_by("-recorded_at", "-pk")
        )

    @extend_schema(request=OutcomeWriteSerializer, responses={201: OutcomeSerializer})
    def create(self, request: Request) -> Response:
        body = OutcomeWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        # The outcomes page's getter: one's own meeting, not cancelled nor a no-show; else a 404.
        meeting, registration = selectors.outcome_meeting_for(self.request.user, data.pop("meeting"))
        outcome = services.outcome_record(meeting=meeting, registration=registration, by=self.request.user, **data)
        return Response(OutcomeSerializer(outcome).data, status=201)


class GroupSessionSerializer(serializers.ModelSerializer[GroupSession]):
    event: serializers.SlugRelatedField[Event] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    starts_at = serializers.DateTimeField(source="slot.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="slot.ends_at", read_only=True)
    location = serializers.CharField(read_only=True)
    host = serializers.CharField(source="host.organisation.name", read_only=True)
    places_left = serializers.IntegerField(read_only=True)
    joined = serializers.SerializerMethodField()
    guests = serializers.SerializerMethodField()

    class Meta:
        model = GroupSession
        fields = [
            "id",
            "event",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "host",
            "guest_role",
            "capacity",
            "places_left",
            "joined",
            "guests",
        ]

    def _mine(self) -> set[int]:
        return cast(set[int], self.context.get("mine", set()))

    def get_joined(self, group: GroupSession) -> bool:
        return any(guest.registration_id in self._mine() for guest in group.guests.all())

    def get_guests(self, group: GroupSession) -> list[str]:
        """The guest list, for the host and officers only."""
        if not (self.context.get("staff") or group.host_id in self._mine()):
            return []
        return [guest.registration.organisation.name for guest in group.guests.all()]


class GroupSessionViewSet(viewsets.ReadOnlyModelViewSet[GroupSession]):
    """Open group sessions of the events one may see (`?event=<slug>` narrows); join or leave one
    as one's approved registration for its event (leaving a group one has not joined is a 404)."""

    serializer_class = GroupSessionSerializer
    permission_classes = [permissions.IsAuthenticated]
    request: AuthenticatedRequest
    queryset = GroupSession.objects.none()

    def get_queryset(self) -> QuerySet[GroupSession]:
        groups = (
            GroupSession.objects.active()
            .filter(event__in=selectors.events_for(self.request.user))
            .select_related("event", "slot", "table", "host__organisation")
            .prefetch_related("guests__registration__organisation")
        )
        slug = self.request.query_params.get("event")
        if slug:
            groups = groups.filter(event__slug=slug)
        return groups.order_by("slot__starts_at", "pk")

    def get_serializer_context(self) -> dict[str, Any]:
        mine = set(selectors.approved_registrations_of(self.request.user).values_list("pk", flat=True))
        return {**super().get_serializer_context(), "mine": mine, "staff": self.request.user.is_staff}

    def _registration(self, group: GroupSession) -> Registration:
        registration = selectors.registration_of(self.request.user, group.event)
        if registration is None or registration.status != RegistrationStatus.APPROVED:
            raise NotFound
        return registration

    def _answer(self, group: GroupSession) -> Response:
        group = self.get_queryset().get(pk=group.pk)
        return Response(GroupSessionSerializer(group, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=GroupSessionSerializer)
    @action(detail=True, methods=["post"])
    def join(self, request: Request, pk: str | None = None) -> Response:
        group = self.get_object()
        services.group_join(group=group, registration=self._registration(group), by=self.request.user)
        return self._answer(group)

    @extend_schema(request=None, responses=GroupSessionSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: str | None = None) -> Response:
        group = self.get_object()
        registration = self._registration(group)
        if not group.guests.filter(registration=registration).exists():
            raise NotFound
        services.group_leave(group=group, registration=registration, by=self.request.user)
        return self._answer(group)


def register(router: BaseRouter) -> None:
    router.register("matching/events", EventViewSet, basename="matching-event")
    router.register("matching/registrations", RegistrationViewSet, basename="matching-registration")
    router.register("matching/requests", MeetingRequestViewSet, basename="matching-request")
    router.register("matching/agenda", AgendaViewSet, basename="matching-agenda")
    router.register("matching/outcomes", OutcomeViewSet, basename="matching-outcome")
    router.register("matching/groups", GroupSessionViewSet, basename="matching-group")
