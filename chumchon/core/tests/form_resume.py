"""A person's session expires while she types: the tests of each form that keeps what she typed
(issue 22) send it through here."""

from __future__ import annotations

from typing import Any

from django.test import Client

from chumchon.accounts.tests.factories import PASSWORD

# The note above a form filled in again ("…here is what you typed…"), in Thai, the default language.
TYPED_NOTE = "นี่คือสิ่งที่คุณพิมพ์ไว้"
# "Attach your files again": files are never kept.
FILES_NOTE = "แนบไฟล์อีกครั้ง"


def send_after_expiry(client: Client, user: Any, *, page: str, action: str, data: dict[str, Any]) -> str:
    """`user` signs in and opens `page`; her session is flushed (it expired) before she sends the
    form on it to `action`. She is sent to sign in, signs in, and is brought back to `page`: its HTML."""
    client.force_login(user)
    assert client.get(page).status_code == 200
    client.session.flush()  # the session ends on the server; her browser still has its cookie
    response = client.post(action, data, HTTP_REFERER=f"http://testserver{page}")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    signed_in = client.post(response["Location"], {"login": user.email, "password": PASSWORD}, follow=True)
    assert signed_in.redirect_chain[-1][0] == page
    assert signed_in.status_code == 200
    html = signed_in.content.decode()
    assert TYPED_NOTE in html
    return html
