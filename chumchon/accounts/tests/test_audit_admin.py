import pytest

from chumchon.accounts.models import AuditEntry
from chumchon.places.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_it_records_an_officers_admin_edit_with_before_and_after(client, db):
    from chumchon.accounts.tests.factories import UserFactory

    admin_user = UserFactory.create(email="admin@example.com", is_staff=True, is_superuser=True)
    community = CommunityFactory.create(households=10)
    client.force_login(admin_user)
    page = client.get(f"/admin/places/community/{community.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"households": "42", "district": community.district_id, "province": community.province_id})
    response = client.post(f"/admin/places/community/{community.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    entry = AuditEntry.objects.get(action="community.update")
    assert entry.actor == admin_user
    assert entry.before == {"households": "10"} and entry.after == {"households": "42"}


def test_it_records_deletions(client, db):
    from chumchon.accounts.tests.factories import UserFactory

    admin_user = UserFactory.create(email="admin@example.com", is_staff=True, is_superuser=True)
    community = CommunityFactory.create()
    client.force_login(admin_user)
    client.post(f"/admin/places/community/{community.pk}/delete/", {"post": "yes"})
    assert AuditEntry.objects.filter(action="community.delete", object_id=str(community.pk), actor=admin_user).exists()
