# The models moved here from `inquiries` with their tables: this migration only tells Django's
# migration state about them (the tables exist already); inquiries 0004 forgets them there.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("inquiries", "0003_notification_on_matching"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Notification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "event",
                    models.CharField(
                        choices=[
                            ("new_inquiry", "A buyer writes to my community"),
                            ("reply", "A reply in a conversation"),
                            ("quote", "A quote is sent or answered"),
                            ("deal", "A deal to confirm or confirmed"),
                            ("report", "A conversation is reported (officers)"),
                            ("matching", "Business-matching events: requests, agendas, reminders"),
                            ("programmes", "Creative-city programme: overdue actions"),
                        ],
                        max_length=16,
                        verbose_name="event",
                    ),
                ),
                ("detail", models.CharField(blank=True, max_length=200)),
                ("excerpt", models.CharField(blank=True, max_length=280)),
                ("link", models.CharField(blank=True, max_length=300)),
                ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="at")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "conversation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="inquiries.conversation",
                    ),
                ),
                (
                    "deal",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="inquiries.deal",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "notification",
                "verbose_name_plural": "notifications",
                "db_table": "inquiries_notification",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["recipient", "read_at"], name="inquiries_n_recipie_2e08fa_idx")],
            },
        ),
        migrations.CreateModel(
            name="NotificationPreference",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("on_new_inquiry", models.BooleanField(default=True, verbose_name="a buyer writes to my community")),
                ("on_reply", models.BooleanField(default=True, verbose_name="a reply in a conversation")),
                ("on_quote", models.BooleanField(default=True, verbose_name="a quote is sent or answered")),
                ("on_deal", models.BooleanField(default=True, verbose_name="a deal to confirm or confirmed")),
                (
                    "on_matching",
                    models.BooleanField(
                        default=True, verbose_name="business-matching events: requests, agendas, reminders"
                    ),
                ),
                (
                    "on_report",
                    models.BooleanField(default=True, verbose_name="a conversation is reported (officers)"),
                ),
                ("by_email", models.BooleanField(default=True, verbose_name="by e-mail")),
                ("by_line", models.BooleanField(default=False, verbose_name="by LINE")),
                (
                    "line_user_id",
                    models.CharField(
                        blank=True,
                        help_text="Starts with U. Add our LINE official account as a friend and it will tell you your user ID.",
                        max_length=64,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^U[0-9a-f]{32}$", "A LINE user ID is U followed by 32 letters and digits."
                            )
                        ],
                        verbose_name="LINE user ID",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_preference",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "notification preference",
                "verbose_name_plural": "notification preferences",
                "db_table": "inquiries_notificationpreference",
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])]
