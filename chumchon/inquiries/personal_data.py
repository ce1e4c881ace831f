"""What direct contact holds about a person, and what erasure does to it (see accounts.personal_data)."""

from __future__ import annotations

from chumchon.accounts.personal_data import Erase, Rule, register

register(
    Rule(
        "inquiries.Conversation",
        Erase.KEEP,
        "The other side keeps the conversation; it points at the anonymised account and holds no text itself.",
        owners=("buyer", "seller__memberships__user"),
        section="conversations",
        fields=("id", "seller__name", "community__name_th", "listing__title_th", "created_at", "last_message_at"),
    ),
    Rule(
        "inquiries.Message",
        Erase.ANONYMISE,
        "The other side keeps the conversation, so the message stays in its place with its text blanked; "
        "others' messages are cleaned of the person's identifiers.",
        owners=("author",),
        section="messages",
        fields=("conversation", "seq", "side", "kind", "body", "created_at"),
        blank={"body": ""},
        scrub=("body",),
    ),
    Rule(
        "inquiries.Attachment",
        Erase.DELETE,
        "Photos and PDFs the person sent are deleted, files included.",
        owners=("message__author",),
        section="attachments",
        fields=("message__conversation", "message__seq", "kind", "name", "size"),
    ),
    Rule(
        "inquiries.Inquiry",
        Erase.FOLLOWS_PARENT,
        "Quantity, dates and budget of a request stay with its (blanked) message for the seller.",
        parent="inquiries.Message",
        owners=("message__author",),
        section="inquiries",
        fields=("conversation", "kind", "listing__title_th", "quantity", "date_from", "date_to", "budget"),
    ),
    Rule(
        "inquiries.Quote",
        Erase.KEEP,
        "A quote is both sides' record of an offer; it points at the anonymised account, its notes are "
        "cleaned of the person's identifiers.",
        owners=("created_by", "decided_by"),
        section="quotes",
        fields=("id", "conversation", "total", "valid_until", "notes", "status", "decided_at", "created_at"),
        scrub=("notes",),
    ),
    Rule(
        "inquiries.QuoteLine",
        Erase.FOLLOWS_PARENT,
        "Lines of a quote: what was offered, no personal data.",
        parent="inquiries.Quote",
    ),
    Rule(
        "inquiries.Deal",
        Erase.KEEP,
        "A deal the other side confirmed counts in the impact figures; it points at the anonymised account "
        "and its texts are cleaned of the person's identifiers.",
        owners=("buyer", "recorded_by", "confirmed_by"),
        section="deals",
        fields=("id", "date", "value", "kind", "source", "description", "status", "confirmed_at", "dispute_reason"),
        scrub=("description", "dispute_reason"),
    ),
    Rule(
        "inquiries.ConversationReport",
        Erase.ANONYMISE,
        "Officers keep the fact of a report; the person's words are blanked.",
        owners=("reporter",),
        section="reports",
        fields=("conversation", "reason", "created_at"),
        blank={"reason": ""},
        scrub=("reason",),
    ),
    Rule(
        "inquiries.Block",
        Erase.DELETE,
        "Blocks made by or against a closed account protect no one any more.",
        owners=("blocker", "blocked"),
        section="blocks",
        fields=("blocker", "blocked", "created_at"),
    ),
)
