"""A buyer whose session expired while writing a message finds it again after signing in (issue 22)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chumchon.accounts.tests.factories import PASSWORD
from chumchon.inquiries.tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


def test_the_message_form_keeps_what_was_typed(client, bob, conversation):
    page = f"/inbox/{conversation.pk}/"
    body = "ขอเปลี่ยนเป็นสีครามได้ไหมครับ ส่งภายในเดือนหน้า"
    upload = SimpleUploadedFile("pattern.jpg", image_bytes(), content_type="image/jpeg")
    response = client.post(
        f"/inbox/{conversation.pk}/reply/",
        {"body": body, "attachments": upload},
        HTTP_REFERER=f"http://testserver{page}",
    )
    assert response["Location"] == "/accounts/login/?next=%2Finbox%2F" + f"{conversation.pk}%2F"
    signed_in = client.post(response["Location"], {"login": bob.email, "password": PASSWORD}, follow=True)
    html = signed_in.content.decode()
    assert signed_in.redirect_chain[-1][0] == page
    assert body in html
    assert "แนบไฟล์อีกครั้ง" in html  # files cannot be kept: she is told to attach them again
    assert conversation.messages.count() == 1  # nothing was sent on her behalf
