"""The notifications tests reuse direct contact's scene (Alice sells for a weaving group's
community, Bob buys): its conversations, quotes and deals are what most notifications are about."""

from chumchon.inquiries.tests.conftest import _private_media, community, conversation, listing, seller_org  # noqa: F401
