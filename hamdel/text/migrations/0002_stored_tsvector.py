"""PostgreSQL: keep each entry's tsvector in a stored generated column.

Searching through the expression index on to_tsvector('simple', tokens) found the rows
quickly, but ts_rank had to parse every matching row's tokens again to rank them: about
30 µs a row, so a common word matching 70,000 of a million messages took seconds
(docs/performance-search.md). With the vector stored, ranking reads it instead of
re-parsing the text, about 17 times faster. The column is computed by the database from
`tokens`, so no Python code writes it and the Django model does not declare it.

Adding a stored generated column rewrites the table once, holding its lock meanwhile
(about a minute per million entries). SQLite is untouched: FTS5 already stores its index.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FORWARD = [
    "DROP INDEX IF EXISTS text_searchentry_tsv_idx",
    """ALTER TABLE text_searchentry ADD COLUMN tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED""",
    "CREATE INDEX text_searchentry_tsv_idx ON text_searchentry USING gin (tsv)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS text_searchentry_tsv_idx",
    "ALTER TABLE text_searchentry DROP COLUMN IF EXISTS tsv",
    """CREATE INDEX text_searchentry_tsv_idx ON text_searchentry
        USING gin (to_tsvector('simple', tokens))""",
]


def _run(statements: list[str], schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements:
            schema_editor.execute(statement)


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(FORWARD, schema_editor)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(BACKWARD, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("text", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
