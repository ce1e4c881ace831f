"""The category tree grows toward the OTOP product groups and community-based-tourism experience
types, and every category gets its other names (aliases); existing slugs and listings stay."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from chumchon.catalog.taxonomy import load_taxonomy

    load_taxonomy(apps.get_model("catalog", "Category"), apps.get_model("catalog", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0007_category_aliases")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
