"""Conversation numbers: a PostgreSQL sequence, or a counter row on SQLite."""

from django.db import connection
from django.db.models import F

from hamdel.tickets.models import Conversation, Counter

FIRST_CONVERSATION_NUMBER = 1001
CONVERSATION_NUMBER_SEQUENCE = "tickets_conversation_number"  # PostgreSQL only


def _next_number(name: str, first: int) -> int:
    """The next value of a named counter row; call inside a transaction (the row stays locked)."""
    if connection.vendor == "sqlite":  # one statement: UPDATE ... RETURNING (SQLite 3.35+)
        table = connection.ops.quote_name(Counter._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET value = value + 1 WHERE name = %s RETURNING value",  # noqa: S608
                [name],
            )
            row = cursor.fetchone()
        if row is not None:
            return int(row[0])
    updated = Counter.objects.filter(name=name).update(value=F("value") + 1)
    if not updated:
        Counter.objects.get_or_create(name=name, defaults={"value": first - 1})
        Counter.objects.filter(name=name).update(value=F("value") + 1)
    return Counter.objects.values_list("value", flat=True).get(name=name)


def next_conversation_number() -> int:
    """The next conversation number.

    On PostgreSQL a sequence: a counter row would stay locked until the creating
    transaction commits, so every create would wait for the one before it. A create
    that fails leaves a gap, as in every other helpdesk. SQLite takes one writer at a
    time anyway, so the counter row costs nothing there and leaves no gaps.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s)", [CONVERSATION_NUMBER_SEQUENCE])
            return int(cursor.fetchone()[0])
    return _next_number("conversation", FIRST_CONVERSATION_NUMBER)


def continue_numbering() -> int:
    """Move the number source past the highest conversation number in use; returns it.

    For conversations written in bulk (imports, restores, benchmarks) rather than by
    open_conversation: without this the next create would take a number already used.
    """
    highest = Conversation.objects.order_by("-number").values_list("number", flat=True).first()
    highest = max(highest or 0, FIRST_CONVERSATION_NUMBER - 1)
    Counter.objects.update_or_create(name="conversation", defaults={"value": highest})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(%s, %s)", [CONVERSATION_NUMBER_SEQUENCE, highest])
    return highest
