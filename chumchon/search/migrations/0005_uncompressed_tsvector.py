"""PostgreSQL: each document's tsvector kept in its row uncompressed (`STORAGE PLAIN`, see
backend.inline_tsv_sql), and the rows that migration 0004 left compressed rewritten, then vacuumed
so that the space of the rows replaced is reused. A tsvector over backend.TSV_MAX_BYTES (written
before the writer kept them under it) stays as it is until its listing is indexed again. Not
atomic: VACUUM cannot run in a transaction. Nothing on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    from chumchon.search import backend

    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _key, _fts in backend.INDEXES.values():
        for statement in backend.inline_tsv_sql(table):
            schema_editor.execute(statement)
        # A new value (the same lexemes) is stored under the column's new storage; an unchanged
        # one would stay compressed.
        schema_editor.execute(
            f"UPDATE {table} SET tsv = tsv || ''::tsvector WHERE pg_column_compression(tsv) IS NOT NULL "  # noqa: S608 (a constant table name)
            f"AND pg_column_size(tsv || ''::tsvector) <= {int(backend.TSV_MAX_BYTES)}"
        )
        schema_editor.execute(f"VACUUM (ANALYZE) {table}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from chumchon.search import backend

    for table, _key, _fts in backend.INDEXES.values():
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN tsv SET STORAGE MAIN")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0004_inline_tsvector")]

    operations = [migrations.RunPython(forwards, backwards)]
