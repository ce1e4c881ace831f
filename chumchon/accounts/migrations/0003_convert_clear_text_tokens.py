"""The old clear-text API tokens (rest_framework.authtoken) become hashed API keys, then are deleted.

Each token is hashed into an `accounts.UserAPIKey` (read and write, as the token could do everything;
prefix: its first 8 characters; working for one more year), so the scripts that send it keep working
while their owners see it on their "API keys" page and replace it. The clear-text table is dropped.
See docs/deployment.md, "API keys".
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone

LEGACY_TABLE = "authtoken_token"


def convert(apps, schema_editor):
    from rest_framework_api_key.crypto import KeyGenerator, concatenate

    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names():
        return
    UserAPIKey = apps.get_model("accounts", "UserAPIKey")
    generator = KeyGenerator()
    expiry = timezone.now() + dt.timedelta(days=365)
    quoted = schema_editor.quote_name(LEGACY_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {quoted}")  # noqa: S608 (a constant name)
        rows = cursor.fetchall()
    taken = set(UserAPIKey.objects.values_list("prefix", flat=True))
    for key, user_id, created in rows:
        prefix = key[:8]
        if prefix in taken:  # two tokens sharing 8 characters: the later one is not converted
            continue
        taken.add(prefix)
        hashed = generator.hash(key)
        UserAPIKey.objects.create(
            id=concatenate(prefix, hashed),
            prefix=prefix,
            hashed_key=hashed,
            name="Converted API token",
            user_id=user_id,
            scope="write",
            expiry_date=expiry,
        )
        if created is not None and timezone.is_naive(created):  # SQLite hands back naive UTC times
            created = timezone.make_aware(created, dt.timezone.utc)
        UserAPIKey.objects.filter(prefix=prefix).update(created=created or timezone.now())
    schema_editor.execute(f"DROP TABLE {quoted}")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_user_api_keys")]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]
