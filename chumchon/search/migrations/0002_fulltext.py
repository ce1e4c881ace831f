"""Full-text structures for the database in use: FTS5 tables on SQLite, tsvector + GIN and
pg_trgm on PostgreSQL. The SQL is in chumchon.search.backend so that tests and the benchmark use
the same definitions."""

from django.db import migrations


def forwards(apps, schema_editor):
    from chumchon.search import backend

    for statement in backend.schema_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    from chumchon.search import backend

    for statement in backend.drop_schema_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
