import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chumchon.catalog.models import Listing, Status

pytestmark = pytest.mark.django_db


def test_it_creates_a_draft_from_the_phone_form(client, alice, alice_community):
    client.force_login(alice)
    start = client.get("/sell/new/")
    assert "ชุมชนทอผ้าบ้านนา" in start.content.decode()
    url = f"/sell/new/?kind=product&community={alice_community.pk}"
    response = client.post(
        url,
        {"title_th": "ผ้าพันคอ", "price": "450", "price_unit": "piece", "min_order_qty": "20", "tags": "ผ้าทอมือ, scarf"},
    )
    listing = Listing.objects.get(title_th="ผ้าพันคอ")
    assert response["Location"] == f"/sell/{listing.pk}/"
    assert listing.status == Status.DRAFT and listing.min_order_qty == 20
    assert sorted(listing.tags.values_list("name", flat=True)) == ["scarf", "ผ้าทอมือ"]


def test_it_explains_a_negative_price_in_thai(client, alice, alice_community):
    client.force_login(alice)
    response = client.post(f"/sell/new/?kind=product&community={alice_community.pk}", {"title_th": "x", "price": "-5"})
    assert response.status_code == 200
    assert not Listing.objects.exists()


def test_it_does_not_offer_communities_the_seller_does_not_run(client, bob, alice_community):
    client.force_login(bob)
    response = client.post(f"/sell/new/?kind=product&community={alice_community.pk}", {"title_th": "x"})
    assert not Listing.objects.exists()
    assert "ชุมชนทอผ้าบ้านนา" not in response.content.decode()


@pytest.mark.parametrize("path", ["/sell/{pk}/", "/sell/{pk}/stops/"])
def test_it_hides_someone_elses_listing(client, charlie, product, path):
    client.force_login(charlie)
    assert client.get(path.format(pk=product.pk)).status_code == 404


@pytest.mark.parametrize(
    "path", ["/sell/{pk}/submit/", "/sell/{pk}/delete/", "/sell/{pk}/photos/", "/sell/{pk}/sessions/"]
)
def test_it_refuses_changes_to_someone_elses_listing(client, charlie, product, path):
    client.force_login(charlie)
    assert client.post(path.format(pk=product.pk)).status_code == 404
    product.refresh_from_db()
    assert product.status == Status.DRAFT


def test_it_sends_a_listing_for_approval(client, alice, product):
    client.force_login(alice)
    client.post(f"/sell/{product.pk}/submit/")
    product.refresh_from_db()
    assert product.status == Status.PENDING


def test_it_shows_the_officers_reason_to_the_seller(client, alice, product, officer):
    from chumchon.catalog import services

    services.listing_submit(listing=product, by=alice)
    services.listing_reject(listing=product, by=officer, reason="โปรดเพิ่มขนาดผ้า")
    client.force_login(alice)
    assert "โปรดเพิ่มขนาดผ้า" in client.get(f"/sell/{product.pk}/").content.decode()
    assert "โปรดเพิ่มขนาดผ้า" in client.get("/sell/").content.decode()


def test_it_uploads_a_photo_and_reports_a_bad_one(client, alice, product, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "red").save(buffer, "JPEG")
    client.post(f"/sell/{product.pk}/photos/", {"photo": SimpleUploadedFile("a.jpg", buffer.getvalue(), "image/jpeg")})
    assert product.photos.count() == 1
    response = client.post(
        f"/sell/{product.pk}/photos/",
        {"photo": SimpleUploadedFile("b.jpg", b"not an image", "image/jpeg")},
        follow=True,
    )
    assert product.photos.count() == 1
    assert response.status_code == 200


def test_it_adds_dated_sessions_to_experiences(client, alice, alice_community):
    from chumchon.catalog import services

    experience = services.listing_create(
        community=alice_community, kind="experience", by=alice, title_th="เรียนทอผ้า", capacity=10
    )
    client.force_login(alice)
    client.post(f"/sell/{experience.pk}/sessions/", {"starts_at": "2027-01-10T09:00", "seats_total": "10"})
    client.post(f"/sell/{experience.pk}/sessions/", {"starts_at": "2027-01-11T09:00", "seats_total": "-1"})
    assert [session.seats_total for session in experience.sessions.all()] == [10]
