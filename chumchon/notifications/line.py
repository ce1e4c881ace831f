"""LINE's official account: linking a person's LINE to their notifications without typing an ID.

The settings page shows the official account's add-friend QR code and a one-time code. LINE posts
what happens in the chat to the webhook (`views.line_webhook`), signed with the Messaging API
channel's secret: a message holding a valid code links its sender's LINE user ID to the code's
owner; adding the account as a friend links at once when the sender signed in with LINE (their
LINE user ID is already known). Replies go through the Messaging API reply endpoint, from a task.

Settings: LINE_OFFICIAL_ACCOUNT_ID ("@chumchon"), LINE_CHANNEL_SECRET, LINE_REPLY_API_URL, and the
push settings of `channels.LineChannel` (LINE_NOTIFICATIONS_ENABLED, LINE_CHANNEL_ACCESS_TOKEN).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request

import segno
from django.conf import settings

from chumchon.notifications.channels import LineChannel

logger = logging.getLogger(__name__)

DEFAULT_REPLY_URL = "https://api.line.me/v2/bot/message/reply"
#: Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
CODE_MINUTES = 15
CODE_PATTERN = re.compile(rf"(?<![A-Z0-9])[{CODE_ALPHABET}]{{{CODE_LENGTH}}}(?![A-Z0-9])")


def official_account_id() -> str:
    """The official account's ID with its "@" ("@chumchon"), or "" when the site has none."""
    account = str(getattr(settings, "LINE_OFFICIAL_ACCOUNT_ID", "")).strip()
    if account and not account.startswith("@"):
        account = "@" + account
    return account


def linking_enabled() -> bool:
    """Whether people can link their LINE here: pushes are on, and the official account and its
    webhook's secret are set."""
    return LineChannel().is_enabled() and bool(official_account_id()) and bool(channel_secret())


def channel_secret() -> str:
    return str(getattr(settings, "LINE_CHANNEL_SECRET", ""))


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def codes_in(text: str) -> list[str]:
    """The codes a message may hold, however the person typed them ("รหัส ABC234", "abc-234")."""
    upper = text.upper()
    found: list[str] = CODE_PATTERN.findall(upper)
    compact = re.sub(r"[\s-]+", "", upper)
    if len(compact) == CODE_LENGTH and compact not in found:
        found.append(compact)
    return found[:3]


def add_friend_url() -> str:
    """LINE's link that opens the official account to add it as a friend (what the QR code holds)."""
    return "https://line.me/R/ti/p/" + urllib.parse.quote(official_account_id(), safe="@")


def send_code_url(code: str) -> str:
    """LINE's link that opens a chat with the official account with `code` typed, ready to send."""
    account = urllib.parse.quote(official_account_id(), safe="@")
    return f"https://line.me/R/oaMessage/{account}/?{urllib.parse.quote(code)}"


def qr_svg_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG data URI (made here: no external service, nothing fetched)."""
    return str(segno.make(url, error="m").svg_data_uri(scale=5, border=2))


def signature_valid(body: bytes, signature: str) -> bool:
    """Whether `signature` (the X-Line-Signature header) is base64(HMAC-SHA256(channel secret, body))."""
    secret = channel_secret()
    if not secret or not signature:
        return False
    expected = base64.b64encode(hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()).decode("ascii")
    return hmac.compare_digest(expected, signature.strip())


def sign(body: bytes, secret: str) -> str:
    """The signature LINE sends with `body` (for tests and local tries of the webhook)."""
    return base64.b64encode(hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()).decode("ascii")


def reply(reply_token: str, text: str) -> bool:
    """Answer a webhook event in the chat (https://developers.line.biz/en/reference/messaging-api/#send-reply-message).
    Never raises: a failed reply is logged (the link itself is already saved)."""
    url = getattr(settings, "LINE_REPLY_API_URL", DEFAULT_REPLY_URL)
    token = getattr(settings, "LINE_CHANNEL_ACCESS_TOKEN", "")
    timeout = float(getattr(settings, "LINE_TIMEOUT_SECONDS", 5))
    payload = {"replyToken": reply_token, "messages": [{"type": "text", "text": text[:5000]}]}
    request = urllib.request.Request(  # noqa: S310 (the URL comes from settings, not from users)
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as exc:
        logger.warning("LINE reply refused: HTTP %s %s", exc.code, exc.reason)
        return False
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        logger.warning("LINE reply failed: %s", exc)
        return False
    return True
