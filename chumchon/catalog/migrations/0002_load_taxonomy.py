"""Load the curated category tree and the themes."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from chumchon.catalog.taxonomy import load_taxonomy

    load_taxonomy(apps.get_model("catalog", "Category"), apps.get_model("catalog", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
