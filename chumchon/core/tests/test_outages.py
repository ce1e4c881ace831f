"""Outages: a mail server that never answers, a dead cache, a load balancer over plain HTTP."""

from __future__ import annotations

import socket
import time

import pytest
from django.core import mail
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from chumchon.core.tasks import send_email

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def silent_smtp():
    """A mail server that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    yield listener.getsockname()
    listener.close()


def test_a_request_that_sends_mail_answers_at_once_while_the_mail_server_hangs(client, alice, silent_smtp, settings):
    settings.EMAIL_BACKEND = "chumchon.core.mail.WorkerEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = silent_smtp
    settings.EMAIL_TIMEOUT = 30  # sent inside the request, the mail would hold it 30 s
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        assert client.get("/en/accounts/password/reset/").status_code == 200  # templates compiled
        began = time.monotonic()
        response = client.post("/en/accounts/password/reset/", {"email": alice.email})
        took = time.monotonic() - began
        assert response.status_code == 302
        assert took < 10  # the request only queued the message
        queued = DBTaskResult.objects.get(task_path=send_email.module_path)
        parts = queued.args_kwargs["args"][0]
        assert parts["to"] == [alice.email]
        # The worker meets the silent server and gives up after EMAIL_TIMEOUT, not 90 s.
        settings.EMAIL_TIMEOUT = 1
        began = time.monotonic()
        with pytest.raises((TimeoutError, OSError)):
            send_email.call(parts)
        assert time.monotonic() - began < 5


def test_a_queued_message_is_sent_whole_by_the_worker(settings):
    settings.EMAIL_BACKEND = "chumchon.core.mail.WorkerEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = mail.EmailMultiAlternatives("สวัสดี", "ข้อความ", "a@example.com", ["b@example.com"])
    message.attach_alternative("<p>ข้อความ</p>", "text/html")
    message.attach("slip.txt", b"\x00\x01", "application/octet-stream")
    assert message.send() == 1  # queued; the immediate test backend runs the task at once
    sent = mail.outbox[-1]
    assert isinstance(sent, mail.EmailMultiAlternatives)
    assert (sent.subject, sent.body, sent.to) == ("สวัสดี", "ข้อความ", ["b@example.com"])
    assert sent.alternatives[0][0] == "<p>ข้อความ</p>"
    assert sent.attachments[0][1] == b"\x00\x01"


def test_healthz_answers_503_naming_the_cache_when_redis_is_down(client):
    with override_settings(CACHES=DEAD_REDIS):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["cache"] == "unreachable" and body["database"] == "ok"


def test_healthz_answers_over_plain_http_when_the_site_redirects_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/").status_code == 301


def setting_in_a_fresh_process(name: str, **env: str) -> str:
    """A setting as a new process computes it from its environment (as gunicorn would)."""
    import os
    import subprocess
    import sys

    environ = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DEBUG")}
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**environ, "DJANGO_SETTINGS_MODULE": "chumchon.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_production_settings_exempt_healthz_from_the_https_redirect():
    assert "healthz" in setting_in_a_fresh_process("SECURE_REDIRECT_EXEMPT", DEBUG="0", SECRET_KEY="k" * 60)


def test_without_redis_every_process_shares_one_cache_and_mail_goes_through_the_worker():
    assert "FileBasedCache" in setting_in_a_fresh_process("CACHES")  # not LocMemCache, one per process
    assert "RedisCache" in setting_in_a_fresh_process("CACHES", REDIS_URL="redis://127.0.0.1:6379/3")
    assert setting_in_a_fresh_process("EMAIL_BACKEND").strip() == "chumchon.core.mail.WorkerEmailBackend"
