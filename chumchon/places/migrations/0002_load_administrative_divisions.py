"""Load every province, district and subdistrict of Thailand from the geothai package."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from chumchon.places.geodata import load_administrative_divisions

    load_administrative_divisions(
        apps.get_model("places", "Province"), apps.get_model("places", "District"), apps.get_model("places", "Subdistrict")
    )


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
