"""Indexes that serve the theme filter's count (`/listings/?theme=`) from indexes alone (issue 23).

The listing-theme link is Django's automatic many-to-many table, which has no Meta of its own: its
index on (theme_id, listing_id) is created here in SQL that both databases read. Django's own
index on theme_id alone makes the count read a link row per match for its listing id.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0010_listing_sort_orders'),
        ('places', '0005_community_invitation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS catalog_listing_themes_theme_listing "
            "ON catalog_listing_themes (theme_id, listing_id)",
            "DROP INDEX IF EXISTS catalog_listing_themes_theme_listing",
        ),
        migrations.AddIndex(
            model_name='listing',
            index=models.Index(fields=['id', 'status', 'community'], name='listing_id_status_community'),
        ),
    ]
