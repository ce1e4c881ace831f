from __future__ import annotations

import factory
from django.utils import timezone

from chumchon.accounts.tests.factories import OrganisationFactory, UserFactory
from chumchon.inquiries.models import Conversation, Message, Side
from chumchon.places.tests.factories import CommunityFactory


class ConversationFactory(factory.django.DjangoModelFactory[Conversation]):
    """A conversation with one unread buyer message, for bulk data (services are for behaviour)."""

    class Meta:
        model = Conversation
        skip_postgeneration_save = True

    seller = factory.SubFactory(OrganisationFactory)
    community = factory.SubFactory(CommunityFactory, organisation=factory.SelfAttribute("..seller"))
    buyer = factory.SubFactory(UserFactory, role="buyer")
    last_seq = 1
    buyer_read_seq = 1
    first_buyer_message_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def first_message(conversation: Conversation, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create:
            MessageFactory(conversation=conversation, seq=1, author=conversation.buyer, body=extracted or "สวัสดีครับ")


class MessageFactory(factory.django.DjangoModelFactory[Message]):
    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    seq = factory.Sequence(lambda n: n + 100)
    author = factory.SelfAttribute("conversation.buyer")
    side = Side.BUYER
    body = "สวัสดีครับ"
