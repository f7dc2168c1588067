from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# SQLite: an external-content FTS5 table over text_searchentry.tokens, kept in step by
# triggers so any write to the table (ORM, bulk, flush) reaches the full-text index.
# remove_diacritics 0: the tokens are already normalised in Python (hamdel.text.normalise),
# the tokenizer must not fold them a second, different way.
SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE text_searchentry_fts USING fts5(
        tokens, content='text_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER text_searchentry_ai AFTER INSERT ON text_searchentry BEGIN
        INSERT INTO text_searchentry_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    """CREATE TRIGGER text_searchentry_ad AFTER DELETE ON text_searchentry BEGIN
        INSERT INTO text_searchentry_fts(text_searchentry_fts, rowid, tokens)
        VALUES ('delete', old.id, old.tokens);
    END""",
    """CREATE TRIGGER text_searchentry_au AFTER UPDATE ON text_searchentry BEGIN
        INSERT INTO text_searchentry_fts(text_searchentry_fts, rowid, tokens)
        VALUES ('delete', old.id, old.tokens);
        INSERT INTO text_searchentry_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS text_searchentry_au",
    "DROP TRIGGER IF EXISTS text_searchentry_ad",
    "DROP TRIGGER IF EXISTS text_searchentry_ai",
    "DROP TABLE IF EXISTS text_searchentry_fts",
]
# PostgreSQL: the 'simple' configuration only lower-cases, which the tokens already are;
# the GIN index serves the same expression the search uses.
POSTGRES_CREATE = [
    """CREATE INDEX text_searchentry_tsv_idx ON text_searchentry
        USING gin (to_tsvector('simple', tokens))""",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS text_searchentry_tsv_idx"]


def _run(statements: dict[str, list[str]], schema_editor: BaseDatabaseSchemaEditor) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_full_text(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}, schema_editor)


def drop_full_text(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}, schema_editor)


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("message", "message"), ("conversation", "conversation"), ("customer", "customer")], max_length=16, verbose_name="kind")),
                ("object_id", models.BigIntegerField(verbose_name="object id")),
                ("conversation_id", models.BigIntegerField(blank=True, null=True, verbose_name="conversation id")),
                ("created_at", models.DateTimeField(verbose_name="created")),
                ("tokens", models.TextField(blank=True, verbose_name="tokens")),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "indexes": [
                    models.Index(fields=["conversation_id"], name="search_entry_conv_idx"),
                        ],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="search_entry_unique")
                ],
            },
        ),
        migrations.RunPython(create_full_text, drop_full_text, elidable=False),
    ]
