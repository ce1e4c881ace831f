# Notification and NotificationPreference moved to the `notifications` app with their tables
# (see notifications 0001): forget them here without touching the database, and let the admin
# permissions follow them (their content types change app).

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

MOVED_MODELS = ("notification", "notificationpreference")


def content_types_follow(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED_MODELS:
        # A database migrated in steps may already hold the new row (post_migrate creates it);
        # then the old one is left alone rather than clashing with it.
        if not content_type.objects.using(db).filter(app_label="notifications", model=model).exists():
            content_type.objects.using(db).filter(app_label="inquiries", model=model).update(
                app_label="notifications"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0003_notification_on_matching"),
        ("notifications", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="NotificationPreference"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, migrations.RunPython.noop),
    ]
