"""API keys: hashed at rest, shown once, with a prefix, an expiry, a scope and revocation; officers see
that a key exists, never the key (issue 22: every token was listed in clear in the admin)."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from chumchon.accounts.models import UserAPIKey
from chumchon.accounts.services import api_key_create, membership_remove, organisation_create
from chumchon.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class MigrationEditor:
    """What the data migration uses of a schema editor (SQLite's cannot open inside a test's transaction)."""

    connection = connection
    quote_name = staticmethod(connection.ops.quote_name)

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def api(key: str, keyword: str = "Api-Key") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    return client


def test_it_shows_a_new_key_once_and_keeps_only_its_hash(client, alice):
    client.force_login(alice)
    response = client.post("/accounts/me/api-keys/", {"name": "shop stock", "scope": "read", "lifetime_days": "90"})
    body = response.content.decode()
    stored = UserAPIKey.objects.get(user=alice)
    key = body.split('<code class="token">')[1].split("</code>")[0]
    assert key.startswith(stored.prefix + ".")
    assert response["Cache-Control"] == "no-store"
    assert key not in str(list(UserAPIKey.objects.values_list()))  # only a hash is stored
    later = client.get("/accounts/me/api-keys/").content.decode()
    assert key not in later and f"{stored.prefix}…" in later and "shop stock" in later
    assert stored.expiry_date is not None
    assert stored.expiry_date.date() == (timezone.now() + dt.timedelta(days=90)).date()


@pytest.mark.parametrize("keyword", ["Api-Key", "Token", "Bearer"])
def test_it_signs_api_calls_in_with_the_key_until_it_is_revoked(client, alice, keyword):
    api_key, key = api_key_create(user=alice, name="sync", scope="read", lifetime_days=30)
    response = api(key, keyword).get("/api/v1/accounts/api-keys/")
    assert response.status_code == 200
    assert response.json()["results"][0]["prefix"] == api_key.prefix
    assert "key" not in response.json()["results"][0]
    client.force_login(alice)
    client.post(f"/accounts/me/api-keys/{api_key.prefix}/revoke/")
    assert api(key, keyword).get("/api/v1/accounts/api-keys/").status_code == 401
    assert "Revoked" in client.get("/en/accounts/me/api-keys/").content.decode()


def test_it_refuses_an_expired_key_and_a_wrong_one(alice):
    api_key, key = api_key_create(user=alice, name="sync", scope="write", lifetime_days=30)
    assert api(key[:-1] + ("x" if key[-1] != "x" else "y")).get("/api/v1/accounts/api-keys/").status_code == 401
    UserAPIKey.objects.filter(pk=api_key.pk).update(expiry_date=timezone.now() - dt.timedelta(minutes=1))
    assert api(key).get("/api/v1/accounts/api-keys/").status_code == 401


def test_a_read_only_key_cannot_write(alice):
    _, read_key = api_key_create(user=alice, name="reader", scope="read", lifetime_days=30)
    _, write_key = api_key_create(user=alice, name="writer", scope="write", lifetime_days=30)
    payload = {"name": "made by a script", "scope": "read"}
    refused = api(read_key).post("/api/v1/accounts/api-keys/", payload, format="json")
    assert refused.status_code == 403
    assert "อ่านได้อย่างเดียว" in refused.json()["detail"]  # "read-only", in Thai by default
    assert api(read_key).get("/api/v1/listings/").status_code == 200
    assert api(write_key).post("/api/v1/accounts/api-keys/", payload, format="json").status_code == 201
    assert UserAPIKey.objects.filter(user=alice).count() == 3


def test_it_makes_lists_and_revokes_keys_through_the_api(alice, bob):
    client = APIClient()
    client.force_authenticate(alice)
    made = client.post("/api/v1/accounts/api-keys/", {"name": "erp", "scope": "write", "lifetime_days": 365})
    assert made.status_code == 201
    key = made.json()["key"]
    assert api(key).get("/api/v1/accounts/api-keys/").json()["count"] == 1
    assert "key" not in client.get(f"/api/v1/accounts/api-keys/{made.json()['prefix']}/").json()
    # Someone else's key is a 404.
    other = APIClient()
    other.force_authenticate(bob)
    assert other.post(f"/api/v1/accounts/api-keys/{made.json()['prefix']}/revoke/").status_code == 404
    assert client.post(f"/api/v1/accounts/api-keys/{made.json()['prefix']}/revoke/").json()["revoked"] is True
    assert api(key).get("/api/v1/accounts/api-keys/").status_code == 401


def test_someone_elses_key_cannot_be_revoked_on_the_page(client, alice, bob):
    api_key, key = api_key_create(user=alice, name="sync", scope="read", lifetime_days=30)
    client.force_login(bob)
    assert client.post(f"/accounts/me/api-keys/{api_key.prefix}/revoke/").status_code == 404
    assert api(key).get("/api/v1/accounts/api-keys/").status_code == 200


def test_officers_see_that_a_key_exists_never_the_key(client, alice):
    api_key, key = api_key_create(user=alice, name="shop stock", scope="write", lifetime_days=30)
    admin_user = UserFactory.create(email="admin@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    listing = client.get("/admin/accounts/userapikey/").content.decode()
    detail = client.get(f"/admin/accounts/userapikey/{api_key.pk}/change/").content.decode()
    assert api_key.prefix in listing and "Alice" in listing
    for page in (listing, detail):
        assert key not in page and key.split(".")[1] not in page
    assert client.get("/admin/accounts/userapikey/add/").status_code == 403
    assert client.get("/admin/rest_framework_api_key/apikey/").status_code == 404


def test_an_organisation_key_stops_when_its_owner_leaves(alice, bob):
    organisation = organisation_create(by=alice, name="Weavers", kind="community_enterprise")
    _, key = api_key_create(user=alice, name="partner", scope="read", lifetime_days=30, organisation=organisation)
    assert api(key).get("/api/v1/accounts/api-keys/").status_code == 200
    from chumchon.accounts.services import membership_add

    membership_add(organisation=organisation, email=bob.email, role="owner", by=alice)
    membership_remove(membership=organisation.memberships.get(user=alice), by=bob)
    assert api(key).get("/api/v1/accounts/api-keys/").status_code == 401


def test_only_an_owner_makes_keys_for_an_organisation(client, alice, bob):
    organisation = organisation_create(by=alice, name="Weavers", kind="community_enterprise")
    client.force_login(bob)
    client.post(
        "/accounts/me/api-keys/",
        {"name": "x", "scope": "read", "lifetime_days": "30", "organisation": organisation.pk},
    )
    assert not UserAPIKey.objects.filter(organisation=organisation).exists()
    with pytest.raises(ValidationError):
        api_key_create(user=bob, name="x", scope="read", lifetime_days=30, organisation=organisation)


def test_the_old_clear_text_tokens_become_hashed_keys_that_keep_working(alice):
    """The migration path: a token a script already sends keeps working, and its clear text is gone."""
    legacy = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TABLE "authtoken_token" ("key" varchar(40) PRIMARY KEY, "created" timestamp, "user_id" bigint)'
        )
        cursor.execute('INSERT INTO "authtoken_token" VALUES (%s, %s, %s)', [legacy, timezone.now(), alice.pk])
    migration = importlib.import_module("chumchon.accounts.migrations.0003_convert_clear_text_tokens")
    migration.convert(apps, MigrationEditor())
    assert "authtoken_token" not in connection.introspection.table_names()
    converted = UserAPIKey.objects.get(user=alice)
    assert converted.prefix == legacy[:8] and legacy not in converted.hashed_key and converted.can_write
    assert api(legacy, "Token").get("/api/v1/accounts/api-keys/").status_code == 200


def test_the_api_documents_the_key_scheme(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    scheme = schema["components"]["securitySchemes"]["apiKey"]
    assert scheme == {"type": "apiKey", "in": "header", "name": "Authorization", "description": scheme["description"]}
    assert "tokenAuth" not in schema["components"]["securitySchemes"]
