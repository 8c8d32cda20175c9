"""The engine-specific text index over search_searchdocument.

SQLite: an external-content FTS5 table ``search_fts`` (title, body), kept in sync by triggers.
Note: when Django alters search_searchdocument on SQLite it rebuilds the table and the triggers
are lost, so a later migration that alters the model must run ``_sqlite_forwards`` again.

PostgreSQL: a generated ``search_vector`` column (title weighted A, body B, ``simple``
configuration, no extension) with a GIN index. ``translate()`` folds accents and punctuation the
way SQLite's tokenizer does (see cdnet.search.folding).
"""

from django.db import migrations

from cdnet.search.folding import PG_FROM, PG_TO

TABLE = "search_searchdocument"

SQLITE_FORWARDS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_searchdocument', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE OF title, body ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _folded(column: str) -> str:
    return f"translate(coalesce({column}, ''), {_literal(PG_FROM)}, {_literal(PG_TO)})"


POSTGRES_FORWARDS = [
    f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    f"setweight(to_tsvector('simple'::regconfig, {_folded('title')}), 'A') || "
    f"setweight(to_tsvector('simple'::regconfig, {_folded('body')}), 'B')) STORED",
    f"CREATE INDEX search_vector_gin ON {TABLE} USING GIN (search_vector)",
]
POSTGRES_BACKWARDS = [
    "DROP INDEX IF EXISTS search_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARDS)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARDS)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARDS)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
