"""Notifications moved from `inquiries` with their tables: what was stored before the move is
read through the new models, and the admin permissions follow (their content types)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from chumchon.notifications.models import Notification, NotificationPreference

BEFORE = [("inquiries", "0003_notification_on_matching"), ("notifications", None)]
# The models as they were then (the historical models of the migrations applied then).
BEFORE_STATE = [("inquiries", "0003_notification_on_matching"), ("auth", "0012_alter_user_first_name_max_length")]
LINE_USER = "U" + "0123456789abcdef" * 2


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()  # what the previous migration left applied
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_it_keeps_notifications_and_preferences_stored_before_the_move():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE).loader.project_state(BEFORE_STATE).apps
        old_user = old.get_model("accounts", "User").objects.create(email="dara@example.com", name="Dara")
        old.get_model("inquiries", "Notification").objects.create(
            recipient=old_user, event="reply", detail="", excerpt="ส่งได้ค่ะ", link="/inbox/"
        )
        old.get_model("inquiries", "NotificationPreference").objects.create(
            user=old_user, on_reply=False, by_line=True, line_user_id=LINE_USER
        )
        # Before the move, the admin permissions hung on content types of `inquiries`.
        content_type = old.get_model("contenttypes", "ContentType")
        content_type.objects.filter(app_label="notifications").delete()
        old_type, _created = content_type.objects.get_or_create(app_label="inquiries", model="notification")
        old.get_model("auth", "Permission").objects.get_or_create(
            content_type=old_type, codename="view_notification", defaults={"name": "Can view notification"}
        )

        _migrate(latest)

        notification = Notification.objects.get(recipient__email="dara@example.com")
        assert (notification.event, notification.excerpt, notification.link) == ("reply", "ส่งได้ค่ะ", "/inbox/")
        preference = NotificationPreference.objects.get(user__email="dara@example.com")
        assert preference.by_line and preference.line_user_id == LINE_USER
        assert not preference.wants("reply")
        ContentType.objects.clear_cache()
        assert Permission.objects.get(codename="view_notification").content_type == ContentType.objects.get_for_model(
            Notification
        )
        assert not ContentType.objects.filter(app_label="inquiries", model="notification").exists()
    finally:
        _migrate(latest)
