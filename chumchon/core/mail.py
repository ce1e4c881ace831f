"""E-mail leaves through the task worker, never inside a request.

`EMAIL_BACKEND` is `WorkerEmailBackend`: sending a message (allauth's confirmation and password-reset
mails, anything that calls `send_mail`) queues a `send_email` task with the message's parts, and the
worker hands it to the real backend, `EMAIL_DELIVERY_BACKEND` (SMTP in production, set through the
EMAIL_BACKEND environment variable), with EMAIL_TIMEOUT. A mail server that stops answering then
holds a worker for EMAIL_TIMEOUT seconds, never a person's request; a queue that cannot be reached
is logged and the request still answers. Code already running in the worker (the notification
e-mail channel) sends through `delivery_connection()` directly.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

WORKER_BACKEND = "chumchon.core.mail.WorkerEmailBackend"


def delivery_connection() -> Any:
    """The backend that really sends: EMAIL_DELIVERY_BACKEND when e-mail goes through the worker,
    otherwise EMAIL_BACKEND itself (tests' locmem outbox, or an SMTP backend a test sets)."""
    if settings.EMAIL_BACKEND == WORKER_BACKEND:
        return get_connection(settings.EMAIL_DELIVERY_BACKEND)
    return get_connection()


def message_parts(message: EmailMessage) -> dict[str, Any]:
    """A message as JSON-able parts (a task's arguments); attachments' bytes in base64."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, tuple | list):
            filename, content, mimetype = attachment
            data = content.encode() if isinstance(content, str) else content
            attachments.append([filename, base64.b64encode(data).decode(), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [list(item) for item in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def message_from_parts(parts: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        parts["subject"],
        parts["body"],
        parts["from_email"],
        parts["to"],
        bcc=parts["bcc"],
        cc=parts["cc"],
        reply_to=parts["reply_to"],
        headers=parts["headers"],
    )
    message.content_subtype = parts["content_subtype"]
    for content, mimetype in parts["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, data, mimetype in parts["attachments"]:
        message.attach(filename, base64.b64decode(data), mimetype)
    return message


class WorkerEmailBackend(BaseEmailBackend):
    """Queues each message for the task worker (`chumchon.core.tasks.send_email`)."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from chumchon.core.tasks import send_email

        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                send_email.enqueue(message_parts(message))
            except Exception:
                if not self.fail_silently:
                    logger.exception("Could not queue an e-mail to %s", ", ".join(message.recipients()))
                continue
            queued += 1
        return queued
