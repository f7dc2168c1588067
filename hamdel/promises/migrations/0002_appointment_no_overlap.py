"""No two booked appointments of one agent overlap: an exclusion constraint on PostgreSQL.

`btree_gist` lets the GiST index compare the agent id with `=` beside the range's `&&`.
SQLite has no exclusion constraints; there the booking action checks for an overlap
inside an IMMEDIATE transaction (the write lock is taken at BEGIN), which serialises it.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE promises_appointment ADD CONSTRAINT appointment_no_overlap
       EXCLUDE USING gist (agent_id WITH =, tstzrange(start, "end", '[)') WITH &&)
       WHERE (state = 'booked')""",
]
DROP = ["ALTER TABLE promises_appointment DROP CONSTRAINT IF EXISTS appointment_no_overlap"]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("promises", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
