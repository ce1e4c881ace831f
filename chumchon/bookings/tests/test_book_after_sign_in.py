"""A visitor chooses a date and a number of people on an experience's page, then signs in (or signs
up): she lands on the booking page with her choice filled in, and nothing is booked until she
confirms it."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from chumchon.accounts.tests.factories import PASSWORD, sign_up_from_login_page
from chumchon.bookings.models import Booking
from chumchon.catalog.models import Session

pytestmark = pytest.mark.django_db

# "Nothing is booked yet: check…", above the booking form she was brought back to.
NOT_BOOKED_YET = "ยังไม่ได้จอง"


def _people_shown(html: str) -> str | None:
    field = re.search(r'<input[^>]*name="people"[^>]*>', html)
    value = re.search(r'value="([^"]*)"', field.group(0)) if field else None
    return value.group(1) if value else None


def _session_chosen(html: str) -> str | None:
    chosen = re.search(r'<select[^>]*name="session".*?<option value="(\d+)" selected>', html, re.S)
    return chosen.group(1) if chosen else None


def choose_on_the_listing_page(client, listing, *, session, people):
    """Open the experience's page as a browser does and send its short booking form as written
    there (its method and address, from the page the browser came from)."""
    page = listing.get_absolute_url()
    html = client.get(page).content.decode()
    form = re.search(r'<form[^>]*class="card booking-form"[^>]*>', html)
    assert form, html
    method, action = (re.search(rf'{name}="([^"]+)"', form.group(0)) for name in ("method", "action"))
    assert method and action, form.group(0)
    data = {"session": session.pk, "people": people}
    send = client.get if method.group(1).lower() == "get" else client.post
    return send(action.group(1), data, HTTP_REFERER=f"http://testserver{page}")


def test_a_visitor_signs_in_and_finds_her_date_and_people_on_the_booking_page(client, bob, session, experience):
    response = choose_on_the_listing_page(client, experience, session=session, people=3)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")

    signed_in = client.post(response["Location"], {"login": bob.email, "password": PASSWORD}, follow=True)
    assert signed_in.status_code == 200
    assert urlsplit(signed_in.redirect_chain[-1][0]).path == reverse("bookings:book", args=[experience.pk])
    html = signed_in.content.decode()
    assert _session_chosen(html) == str(session.pk)
    assert _people_shown(html) == "3"
    assert NOT_BOOKED_YET in html
    assert 'class="errorlist' not in html
    assert not Booking.objects.exists()  # she checks it and books it herself

    booked = client.post(signed_in.redirect_chain[-1][0], {"session": session.pk, "people": 3})
    booking = Booking.objects.get()
    assert booked["Location"] == booking.get_absolute_url()
    assert (booking.buyer, booking.session, booking.people) == (bob, session, 3)


def test_a_visitor_signs_up_confirms_her_email_and_finds_her_choice(client, session, experience, mailoutbox):
    response = choose_on_the_listing_page(client, experience, session=session, people=2)
    login_page = client.get(response["Location"]).content.decode()
    signup = sign_up_from_login_page(client, login_page, name="ดาว", email="dao@example.com", role="tourist")
    assert signup.status_code == 302 and "confirm-email" in signup["Location"]

    # The link in the confirmation e-mail forgets `next`; she signs in from there.
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    assert client.post(urlsplit(link.group(0)).path).status_code == 302
    signed_in = client.post(reverse("account_login"), {"login": "dao@example.com", "password": PASSWORD}, follow=True)
    assert urlsplit(signed_in.redirect_chain[-1][0]).path == reverse("bookings:book", args=[experience.pk])
    html = signed_in.content.decode()
    assert _session_chosen(html) == str(session.pk)
    assert _people_shown(html) == "2"
    assert not Booking.objects.exists()

    # Once back, a later sign-in without `next` no longer leads to that booking page.
    client.logout()
    again = client.post(reverse("account_login"), {"login": "dao@example.com", "password": PASSWORD})
    assert not again["Location"].startswith(reverse("bookings:book", args=[experience.pk]))


def _another_date(experience, session):
    from chumchon.catalog.services import session_create

    return session_create(listing=experience, starts_at=session.starts_at + dt.timedelta(days=1), seats_total=8)


def test_a_date_passed_while_she_signed_in_is_shown_as_the_forms_error(client, bob, session, experience):
    _another_date(experience, session)
    response = choose_on_the_listing_page(client, experience, session=session, people=2)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    signed_in = client.post(response["Location"], {"login": bob.email, "password": PASSWORD}, follow=True)
    assert signed_in.status_code == 200
    html = signed_in.content.decode()
    assert "วันนี้ผ่านไปแล้วหรือจองไม่ได้ กรุณาเลือกวันอื่น" in html
    assert _people_shown(html) == "2"
    assert not Booking.objects.exists()


def test_too_many_people_are_shown_as_the_fields_error(client, bob, session, experience):
    response = choose_on_the_listing_page(client, experience, session=session, people=501)
    signed_in = client.post(response["Location"], {"login": bob.email, "password": PASSWORD}, follow=True)
    assert signed_in.status_code == 200
    html = signed_in.content.decode()
    assert "จองได้ครั้งละไม่เกิน 500 คน" in html
    assert _people_shown(html) == "501"
    assert not Booking.objects.exists()


def test_a_signed_in_buyer_still_books_from_the_listing_page_at_once(client, bob, session, experience):
    client.force_login(bob)
    response = choose_on_the_listing_page(client, experience, session=session, people=2)
    booking = Booking.objects.get()
    assert response["Location"] == booking.get_absolute_url()
    assert booking.people == 2
