"""REST API of direct contact: conversations, messages, quotes and deals, for their participants
only. Everyone else gets 404 (an empty list for lists), so nobody can learn what exists. Writes go
through the same services as the pages; too many messages in a short time is a 429."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from chumchon.accounts.models import User
from chumchon.core.http import AuthenticatedRequest, signed_in_user
from chumchon.inquiries import selectors, services
from chumchon.inquiries.models import (
    Conversation,
    Deal,
    InquiryKind,
    Message,
    Quote,
    QuoteLine,
    Side,
)
from chumchon.places.models import Community

# --- Serializers -------------------------------------------------------------------------------


class PartySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ConversationSerializer(serializers.ModelSerializer[Conversation]):
    seller = PartySerializer(read_only=True)
    community = serializers.SlugRelatedField[Community](slug_field="slug", read_only=True)
    buyer = serializers.SerializerMethodField()
    buyer_organisation = PartySerializer(read_only=True, allow_null=True)
    side = serializers.SerializerMethodField()
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Conversation
        fields = [
            "id", "seller", "community", "buyer", "buyer_organisation", "listing", "side", "unread",
            "last_seq", "last_message_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def _side(self, conversation: Conversation) -> str:
        if hasattr(conversation, "is_seller"):
            return Side.SELLER if conversation.is_seller else Side.BUYER
        return selectors.side_of(conversation, self.context["request"].user) or ""

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_buyer(self, conversation: Conversation) -> dict[str, str]:
        """The buyer's name; the seller side also sees how to reach them (they wrote to it)."""
        buyer = conversation.buyer
        data = {"name": buyer.name}
        if self._side(conversation) == Side.SELLER:
            data.update({"email": buyer.email, "phone": buyer.phone, "line_id": buyer.line_id})
        return data

    def get_side(self, conversation: Conversation) -> str:
        return self._side(conversation)

    def get_unread(self, conversation: Conversation) -> bool:
        if hasattr(conversation, "is_unread"):
            return bool(conversation.is_unread)
        return conversation.last_seq > conversation.read_seq_of(self._side(conversation))


class ConversationStartSerializer(serializers.Serializer[Any]):
    community = serializers.SlugField(required=False, help_text="Slug of the community (or give `listing`).")
    listing = serializers.IntegerField(required=False, help_text="Id of a published listing.")
    buyer_organisation = serializers.IntegerField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=InquiryKind.choices, default=InquiryKind.QUESTION)
    body = serializers.CharField(max_length=services.MAX_BODY)
    quantity = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=1_000_000)
    date_from = serializers.DateField(required=False, allow_null=True)
    date_to = serializers.DateField(required=False, allow_null=True)
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=0)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("community") and not attrs.get("listing"):
            raise ValidationError({"community": ["Give a community slug or a listing id."]})
        return attrs


class AttachmentSerializer(serializers.Serializer[Any]):
    """One file of a message, as `MessageSerializer.get_attachments` lists it (for the schema)."""

    name = serializers.CharField()
    kind = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.URLField()


class MessageSerializer(serializers.ModelSerializer[Message]):
    author = serializers.CharField(source="author.__str__", read_only=True)
    attachments = serializers.SerializerMethodField()
    quote = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["seq", "author", "side", "kind", "body", "created_at", "attachments", "deal", "quote"]
        read_only_fields = ["seq", "author", "side", "kind", "created_at", "attachments", "deal", "quote"]

    def get_quote(self, message: Message) -> int | None:
        quote = getattr(message, "quote", None) if message.kind == "quote" else None
        return quote.pk if quote is not None else None

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, message: Message) -> list[dict[str, Any]]:
        request = self.context.get("request")
        return [
            {
                "name": item.name,
                "kind": item.kind,
                "size": item.size,
                "url": request.build_absolute_uri(item.get_absolute_url()) if request else item.get_absolute_url(),
            }
            for item in message.attachments.all()
        ]


class MessagePostSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=services.MAX_BODY)


class QuoteLineSerializer(serializers.ModelSerializer[QuoteLine]):
    class Meta:
        model = QuoteLine
        fields = ["description", "quantity", "unit_price"]


class QuoteSerializer(serializers.ModelSerializer[Quote]):
    conversation = serializers.IntegerField(source="conversation_id")
    lines = QuoteLineSerializer(many=True)
    is_expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = Quote
        fields = ["id", "conversation", "lines", "total", "valid_until", "notes", "status", "is_expired", "created_at"]
        read_only_fields = ["id", "total", "status", "is_expired", "created_at"]


class DealSerializer(serializers.ModelSerializer[Deal]):
    conversation = serializers.IntegerField(source="conversation_id", allow_null=True)
    seller = PartySerializer(read_only=True)
    community = serializers.SlugRelatedField[Community](slug_field="slug", read_only=True, allow_null=True)
    buyer = serializers.CharField(source="buyer_display", read_only=True)

    class Meta:
        model = Deal
        fields = [
            "id", "conversation", "quote", "seller", "community", "buyer", "value", "date", "kind", "source",
            "description", "status", "confirming_side", "confirmed_at", "dispute_reason", "created_at",
        ]  # fmt: skip
        read_only_fields = [
            "id", "quote", "seller", "community", "buyer", "status", "confirming_side", "confirmed_at",
            "dispute_reason", "created_at",
        ]  # fmt: skip


class DisputeSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


# --- Views -------------------------------------------------------------------------------------


def _participant_conversation(user: User, pk: int | None) -> Conversation:
    """A conversation named in a request body, if the person is in it; else 404 (whether or not
    it exists), through the pages' getter."""
    if not pk:
        raise NotFound
    return selectors.participant_conversation_for(user=user, pk=pk)[0]


def _lookup(view: GenericAPIView[Any]) -> tuple[User, int]:
    """The signed-in person and the object id in the URL; a visitor or a non-number is a 404, as
    someone else's object is (the pages' getters decide)."""
    user, pk = view.request.user, str(view.kwargs.get("pk", ""))
    if not isinstance(user, User) or not pk.isdigit():
        raise NotFound
    return user, int(pk)


class ConversationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Conversation]
):
    """Conversations the signed-in person takes part in, newest first."""

    serializer_class = ConversationSerializer

    def get_queryset(self) -> QuerySet[Conversation]:
        user = self.request.user
        if not user.is_authenticated:
            return Conversation.objects.none()
        return selectors.inbox(user)

    def get_object(self) -> Conversation:
        # The conversation page's getter: participants, and officers for a reported conversation.
        user, pk = _lookup(self)
        if self.request.method == "POST":
            return selectors.participant_conversation_for(user=user, pk=pk)[0]
        return selectors.conversation_for(user=user, pk=pk)[0]

    @extend_schema(request=ConversationStartSerializer, responses={201: ConversationSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Send an inquiry or request for quote to a community (it goes into your one conversation with it)."""
        user = signed_in_user(request)
        data = ConversationStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        listing_id, slug = values.pop("listing", None), values.pop("community", None)
        community, listing = selectors.inquiry_target(listing_pk=listing_id or None, community_slug=slug or "")
        organisation_id = values.pop("buyer_organisation", None)
        organisation = None
        if organisation_id:
            organisation = selectors.buyer_organisation_for(user, community, organisation_id)
            if organisation is None:
                raise ValidationError({"buyer_organisation": ["You are not a member of this organisation."]})
        conversation = services.conversation_start(
            buyer=user,
            community=community,
            listing=listing,
            buyer_organisation=organisation,
            **values,
        )
        return Response(self.get_serializer(conversation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("after", OpenApiTypes.INT, description="Only messages after this number")],
        responses={200: MessageSerializer(many=True)},
        methods=["GET"],
    )
    @extend_schema(request=MessagePostSerializer, responses={201: MessageSerializer}, methods=["POST"])
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def messages(self, request: Request, pk: str | None = None) -> Response:
        """The conversation's messages in order (GET), or a new message (POST)."""
        conversation = self.get_object()  # 404 for anyone not in it, visitors included
        user = signed_in_user(request)
        if request.method == "POST":
            data = MessagePostSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            message = services.message_post(
                conversation=conversation,
                author=user,
                body=data.validated_data["body"],
            )
            return Response(MessageSerializer(message, context={"request": request}).data, status=201)
        after = request.query_params.get("after", "0")
        thread = selectors.messages_of(conversation, after=int(after) if after.isdigit() and len(after) <= 18 else 0)
        services.conversation_mark_read(conversation=conversation, user=user)
        return Response(MessageSerializer(thread, many=True, context={"request": request}).data)


class QuoteViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Quote]
):
    """Quotes in the signed-in person's conversations. Sellers create them; buyers accept or decline."""

    serializer_class = QuoteSerializer

    def get_queryset(self) -> QuerySet[Quote]:
        user = self.request.user
        if not user.is_authenticated:
            return Quote.objects.none()
        return Quote.objects.of_participant(user).prefetch_related("lines")

    def get_object(self) -> Quote:
        user, pk = _lookup(self)
        return selectors.quote_for(user=user, pk=pk)[0]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = signed_in_user(request)
        conversation = _participant_conversation(user, values["conversation_id"])
        lines = [services.QuoteLineSpec(**line) for line in values["lines"]]
        quote = services.quote_send(
            conversation=conversation,
            by=user,
            lines=lines,
            valid_until=values["valid_until"],
            notes=values.get("notes", ""),
        )
        return Response(self.get_serializer(quote).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: DealSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: AuthenticatedRequest, pk: str | None = None) -> Response:
        """Accept the quote (buyer side): it becomes a deal for the seller to confirm."""
        deal = services.quote_accept(quote=self.get_object(), by=request.user)
        return Response(DealSerializer(deal, context={"request": request}).data)

    @extend_schema(request=None, responses={200: QuoteSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request: AuthenticatedRequest, pk: str | None = None) -> Response:
        quote = services.quote_decline(quote=self.get_object(), by=request.user)
        return Response(self.get_serializer(quote).data)


class DealViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Deal]
):
    """Deals of the signed-in person's side. Record one from a conversation; the other side confirms."""

    serializer_class = DealSerializer

    def get_queryset(self) -> QuerySet[Deal]:
        user = self.request.user
        if not user.is_authenticated:
            return Deal.objects.none()
        return selectors.deals_of(user)

    def get_object(self) -> Deal:
        user, pk = _lookup(self)
        return selectors.deal_for(user=user, pk=pk)[0]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        user = signed_in_user(request)
        conversation = _participant_conversation(user, values.pop("conversation_id", None))
        deal = services.deal_record(by=user, conversation=conversation, **values)
        return Response(self.get_serializer(deal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: DealSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request: AuthenticatedRequest, pk: str | None = None) -> Response:
        """Confirm a deal the other side recorded: it then counts in the impact figures."""
        deal = services.deal_confirm(deal=self.get_object(), by=request.user)
        return Response(self.get_serializer(deal).data)

    @extend_schema(request=DisputeSerializer, responses={200: DealSerializer})
    @action(detail=True, methods=["post"])
    def dispute(self, request: AuthenticatedRequest, pk: str | None = None) -> Response:
        data = DisputeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        deal = services.deal_dispute(deal=self.get_object(), by=request.user, reason=data.validated_data["reason"])
        return Response(self.get_serializer(deal).data)


def register(router: BaseRouter) -> None:
    router.register("conversations", ConversationViewSet, basename="conversation")
    router.register("quotes", QuoteViewSet, basename="quote")
    router.register("deals", DealViewSet, basename="deal")
