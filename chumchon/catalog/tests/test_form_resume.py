"""A seller whose session expired while she typed signs in again and finds what she typed (issue 22)."""

import pytest

from chumchon.accounts.tests.factories import PASSWORD
from chumchon.catalog import services

pytestmark = pytest.mark.django_db


def send_after_expiry(client, action: str, page: str, data: dict) -> str:
    """Post as a visitor (the session has expired), sign in where sent, and return the page reached."""
    response = client.post(action, data, HTTP_REFERER=f"http://testserver{page}")
    assert response.status_code == 302
    login = response["Location"]
    assert login.startswith("/accounts/login/?next=")
    signed_in = client.post(login, {"login": "alice@example.com", "password": PASSWORD}, follow=True)
    assert signed_in.redirect_chain[-1][0] == page
    return signed_in.content.decode()


def test_the_listing_form_keeps_what_was_typed(client, alice, alice_community):
    page = f"/sell/new/?kind=product&community={alice_community.pk}"
    data = {"title_th": "ผ้าไหมมัดหมี่ลายโบราณ", "description_th": "ทอมือสามเดือน", "price": "4200"}
    html = send_after_expiry(client, page, page, data)
    assert "ผ้าไหมมัดหมี่ลายโบราณ" in html and "ทอมือสามเดือน" in html
    assert "นี่คือสิ่งที่คุณพิมพ์ไว้" in html  # the note saying why the form is filled in
    assert "ผ้าไหมมัดหมี่ลายโบราณ" not in client.get(page).content.decode()  # given back once


def test_the_listing_edit_and_session_forms_keep_what_was_typed(client, alice, alice_community):
    experience = services.listing_create(community=alice_community, kind="experience", by=alice, title_th="เรียนทอผ้า")
    page = experience.get_edit_url()
    html = send_after_expiry(
        client, f"/sell/{experience.pk}/sessions/", page, {"starts_at": "2031-03-14T09:30", "seats_total": "17"}
    )
    assert 'value="2031-03-14T09:30"' in html and 'value="17"' in html
    assert experience.sessions.count() == 0  # filled in, not sent: she checks it and sends it herself
    client.logout()
    html = send_after_expiry(client, page, page, {"title_th": "เรียนทอผ้าลายใหม่", "capacity": "12"})
    assert "เรียนทอผ้าลายใหม่" in html


def test_passwords_and_oversized_forms_are_never_kept(client, alice, alice_community):
    page = f"/sell/new/?kind=product&community={alice_community.pk}"
    client.post(page, {"title_th": "x", "password": "hunter2-secret"}, HTTP_REFERER=f"http://testserver{page}")
    assert "hunter2-secret" not in str(dict(client.session))
    response = client.post(page, {"title_th": "ก" * 30_000}, HTTP_REFERER=f"http://testserver{page}")
    assert response.status_code == 302 and "ก" * 100 not in str(dict(client.session))
