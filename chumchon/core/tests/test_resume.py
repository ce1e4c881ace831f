"""The page to come back to after signing in: kept until its time, on this site only."""

import datetime as dt

from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.utils import timezone

from chumchon.core.resume import resume_after_sign_in, resume_url


def test_it_resumes_until_its_time_then_forgets():
    session = SessionStore()
    now = timezone.now()
    resume_after_sign_in(session, url="/inbox/new/confirm/", until=now + dt.timedelta(hours=1))
    assert resume_url(session, now=now) == "/inbox/new/confirm/"
    assert resume_url(session, now=now + dt.timedelta(hours=2)) is None
    assert resume_url(session, now=now) is None  # forgotten, not just hidden


def test_it_never_sends_anyone_off_the_site():
    session = SessionStore()
    for url in ("https://evil.example/", "//evil.example/", "/\\evil.example/"):
        resume_after_sign_in(session, url=url, until=timezone.now() + dt.timedelta(hours=1))
        assert resume_url(session) is None, url
