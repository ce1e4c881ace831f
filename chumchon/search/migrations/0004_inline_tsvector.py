"""PostgreSQL: each document's tsvector kept in its row instead of in TOAST (`STORAGE MAIN`, see
backend.inline_tsv_sql), and the rows already indexed rewritten so that theirs moves in too
(`search_reindex` would do the same, more slowly), then vacuumed so that the space of the rows
replaced is reused (13 s at 100,000 listings). Not atomic: VACUUM cannot run in a transaction.
Nothing on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    from chumchon.search import backend

    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _key, _fts in backend.INDEXES.values():
        for statement in backend.inline_tsv_sql(table):
            schema_editor.execute(statement)
        # A new value (the same lexemes) is stored under the column's new storage; an unchanged
        # one would keep its TOAST pointer.
        schema_editor.execute(f"UPDATE {table} SET tsv = tsv || ''::tsvector")  # noqa: S608 (a constant table name)
        schema_editor.execute(f"VACUUM (ANALYZE) {table}")


def backwards(apps, schema_editor):
    from chumchon.search import backend

    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _key, _fts in backend.INDEXES.values():
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN tsv SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0003_drop_trigram_index")]

    operations = [migrations.RunPython(forwards, backwards)]
