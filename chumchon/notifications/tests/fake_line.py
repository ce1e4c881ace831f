"""A local fake of LINE's APIs, so that no test reaches the internet: the Messaging API (push and
reply, which it records) and LINE Login (token, ID-token verification, profile). The `fake_line`
fixture starts it on 127.0.0.1 and points every LINE setting at it."""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from chumchon.notifications import line

LINE_USER = "U" + "0123456789abcdef" * 2
CHANNEL_SECRET = "test-channel-secret"
OFFICIAL_ACCOUNT = "@chumchon-test"


class FakeLine(BaseHTTPRequestHandler):
    """Answers like LINE and remembers every POST it was sent."""

    received: list[dict[str, Any]] = []
    status = 200  # what push and reply answer
    #: Who signs in with LINE Login (what the ID token and profile say).
    login_profile: dict[str, Any] = {}

    @classmethod
    def reset(cls) -> None:
        cls.received = []
        cls.status = 200
        cls.login_profile = {"sub": LINE_USER, "name": "Malee LINE", "email": "malee.line@example.com"}

    @classmethod
    def pushes(cls) -> list[dict[str, Any]]:
        return [request for request in cls.received if request["path"].endswith("/message/push")]

    @classmethod
    def replies(cls) -> list[dict[str, Any]]:
        return [request for request in cls.received if request["path"].endswith("/message/reply")]

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            body: Any = dict(urllib.parse.parse_qsl(raw.decode("utf-8")))
        else:
            body = json.loads(raw or b"{}")
        path = urllib.parse.urlsplit(self.path).path
        FakeLine.received.append({"path": path, "headers": dict(self.headers), "body": body})
        if path == "/oauth2/v2.1/token":
            self._answer(
                200,
                {
                    "access_token": "fake-access-token",
                    "id_token": "fake-id-token",
                    "expires_in": 2592000,
                    "refresh_token": "fake-refresh-token",
                    "scope": "profile openid email",
                    "token_type": "Bearer",
                },
            )
        elif path == "/oauth2/v2.1/verify":
            self._answer(200, {"iss": "https://access.line.me", "aud": body.get("client_id"), **FakeLine.login_profile})
        else:
            self._answer(FakeLine.status, {})

    def do_GET(self) -> None:
        if urllib.parse.urlsplit(self.path).path == "/v2/profile":
            profile = FakeLine.login_profile
            self._answer(200, {"userId": profile["sub"], "displayName": profile.get("name", "")})
        else:
            self._answer(404, {"message": "Not found"})

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fake_line(settings: Any) -> Any:
    FakeLine.reset()
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLine)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    settings.LINE_NOTIFICATIONS_ENABLED = True
    settings.LINE_CHANNEL_ACCESS_TOKEN = "test-token"
    settings.LINE_MESSAGING_API_URL = f"{base}/v2/bot/message/push"
    settings.LINE_REPLY_API_URL = f"{base}/v2/bot/message/reply"
    settings.LINE_CHANNEL_SECRET = CHANNEL_SECRET
    settings.LINE_OFFICIAL_ACCOUNT_ID = OFFICIAL_ACCOUNT
    settings.LINE_LOGIN_API_URL = base
    settings.LINE_ACCESS_URL = base
    FakeLine.base_url = base  # type: ignore[attr-defined]
    yield FakeLine
    server.shutdown()
    server.server_close()


def webhook_body(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": "Uffffffffffffffffffffffffffffffff", "events": list(events)}).encode("utf-8")


def text_event(text: str, *, user_id: str = LINE_USER, reply_token: str = "reply-token-1") -> dict[str, Any]:  # noqa: S107
    return {
        "type": "message",
        "replyToken": reply_token,
        "source": {"type": "user", "userId": user_id},
        "timestamp": 1700000000000,
        "mode": "active",
        "message": {"type": "text", "id": "1", "text": text},
    }


def follow_event(*, user_id: str = LINE_USER, reply_token: str = "reply-token-2") -> dict[str, Any]:  # noqa: S107
    return {
        "type": "follow",
        "replyToken": reply_token,
        "source": {"type": "user", "userId": user_id},
        "mode": "active",
    }


def signed_headers(body: bytes, secret: str = CHANNEL_SECRET) -> dict[str, str]:
    return {"X-Line-Signature": line.sign(body, secret)}
