"""On PostgreSQL, conversation numbers come from a sequence (see tickets.actions.numbering)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SEQUENCE = "tickets_conversation_number"
FIRST = 1001


def create_sequence(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    Conversation = apps.get_model("tickets", "Conversation")
    Counter = apps.get_model("tickets", "Counter")
    highest = max(
        Conversation.objects.order_by("-number").values_list("number", flat=True).first() or 0,
        Counter.objects.filter(name="conversation").values_list("value", flat=True).first() or 0,
        FIRST - 1,
    )
    schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} START WITH {highest + 1}")


def drop_sequence(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0002_inbox_indexes")]

    operations = [migrations.RunPython(create_sequence, drop_sequence)]
