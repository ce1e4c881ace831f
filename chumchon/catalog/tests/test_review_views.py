import pytest

from chumchon.catalog import services
from chumchon.catalog.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(product, alice):
    return services.listing_submit(listing=product, by=alice)


def test_it_lists_pending_listings_for_officers(client, officer, pending):
    client.force_login(officer)
    assert "ผ้าซิ่นตีนจก" in client.get("/review/").content.decode()


def test_it_hides_the_queue_from_everyone_else(client, alice, pending):
    assert client.get("/review/").status_code == 302
    client.force_login(alice)
    assert client.get("/review/").status_code == 404
    assert client.post(f"/review/{pending.pk}/", {"action": "approve"}).status_code == 404
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_it_approves(client, officer, pending):
    client.force_login(officer)
    client.post(f"/review/{pending.pk}/", {"action": "approve"})
    pending.refresh_from_db()
    assert pending.status == Status.PUBLISHED


def test_it_needs_a_reason_to_reject(client, officer, pending):
    client.force_login(officer)
    response = client.post(f"/review/{pending.pk}/", {"action": "reject", "reason": ""})
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Status.PENDING
    client.post(f"/review/{pending.pk}/", {"action": "reject", "reason": "ราคาไม่ชัดเจน"})
    pending.refresh_from_db()
    assert (pending.status, pending.rejection_reason) == (Status.REJECTED, "ราคาไม่ชัดเจน")
