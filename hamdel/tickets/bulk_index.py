"""Building the search index for many rows at once: imports, restores and benchmarks.

`hamdel.text.actions` indexes one row at a time with an update-or-create per entry,
which is right inside the transaction of a single write but costs two statements per
row. The functions here make the very same entries (same functions build the tokens:
`message_entries`, `note_entries`, `conversation_entry_text`, `customer_entry_text`),
replace a whole batch's entries with one DELETE and one multi-row INSERT, and commit
batch by batch, so an interrupted run leaves every finished batch indexed and can be
started again.

They walk the table in primary-key order (keyset batches), so memory stays flat
however many rows there are.
"""

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, Final

from django.apps import apps
from django.db import transaction
from django.db.models import QuerySet

from hamdel.text.actions import (
    conversation_entry_text,
    customer_entry_text,
    message_entries,
    note_entries,
)
from hamdel.text.models import EntryKind, SearchEntry

# Rows per batch (and per transaction): 2,000 entries are one INSERT of a few hundred
# kilobytes, large enough that per-statement costs vanish, small enough for any server.
BULK_BATCH_SIZE: Final = 2000

Progress = Callable[[int], None]  # called with the number of rows indexed so far


def _rows(label: str) -> QuerySet[Any]:
    rows: QuerySet[Any] = apps.get_model(label)._default_manager.all()
    return rows


def _id_batches(label: str, batch_size: int) -> Iterator[list[int]]:
    last = 0
    while True:
        ids = list(
            _rows(label)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def _replace(kind: str, ids: list[int], entries: list[SearchEntry]) -> None:
    with transaction.atomic():
        SearchEntry.objects.filter(kind=kind, object_id__in=ids).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=len(entries) or 1)


def _run(
    label: str,
    kind: str,
    build: Callable[[list[int]], list[SearchEntry]],
    batch_size: int,
    progress: Progress | None,
) -> int:
    done = 0
    for ids in _id_batches(label, batch_size):
        _replace(kind, ids, build(ids))
        done += len(ids)
        if progress is not None:
            progress(done)
    return done


def bulk_index_messages(
    *, batch_size: int = BULK_BATCH_SIZE, progress: Progress | None = None
) -> int:
    """(Re)index every message; returns how many messages were read."""
    return _run("tickets.Message", EntryKind.MESSAGE, message_entries, batch_size, progress)


def bulk_index_notes(*, batch_size: int = BULK_BATCH_SIZE, progress: Progress | None = None) -> int:
    """(Re)index every internal note; returns how many notes were read."""
    return _run("tickets.Note", EntryKind.NOTE, note_entries, batch_size, progress)


def _conversation_entries(ids: list[int]) -> list[SearchEntry]:
    rows = (
        _rows("tickets.Conversation")
        .filter(pk__in=ids)
        .values_list("pk", "number", "subject", "language", "created_at")
    )
    return [
        SearchEntry(
            kind=EntryKind.CONVERSATION,
            object_id=pk,
            conversation_id=pk,
            created_at=created_at,
            tokens=conversation_entry_text(number, subject, language or None),
        )
        for pk, number, subject, language, created_at in rows
    ]


def bulk_index_conversations(
    *, batch_size: int = BULK_BATCH_SIZE, progress: Progress | None = None
) -> int:
    """(Re)index every conversation's number and subject (not its customer: see below)."""
    return _run(
        "tickets.Conversation",
        EntryKind.CONVERSATION,
        _conversation_entries,
        batch_size,
        progress,
    )


def _customer_entries(ids: list[int]) -> list[SearchEntry]:
    customers: list[tuple[int, str, str, datetime]] = list(
        _rows("people.Customer")
        .filter(pk__in=ids, merged_into__isnull=True)
        .values_list("pk", "name", "language", "created_at")
    )
    found = [row[0] for row in customers]
    identities: dict[int, list[tuple[str, str, str]]] = {pk: [] for pk in found}
    # Ordered by primary key, as index_customer reads them (the table's natural order).
    for customer_id, kind, value, display in (
        _rows("people.Identity")
        .filter(customer_id__in=found)
        .order_by("pk")
        .values_list("customer_id", "kind", "value", "display")
    ):
        identities[customer_id].append((kind, value, display))
    numbers: dict[int, list[int]] = {pk: [] for pk in found}
    for customer_id, number in (
        _rows("tickets.Conversation")
        .filter(customer_id__in=found)
        .order_by("pk")
        .values_list("customer_id", "number")
    ):
        numbers[customer_id].append(number)
    return [
        SearchEntry(
            kind=EntryKind.CUSTOMER,
            object_id=pk,
            conversation_id=None,
            created_at=created_at,
            tokens=customer_entry_text(name, identities[pk], numbers[pk], language or None),
        )
        for pk, name, language, created_at in customers
    ]


def bulk_index_customers(
    *, batch_size: int = BULK_BATCH_SIZE, progress: Progress | None = None
) -> int:
    """(Re)index every customer; merged-away customers leave the index."""
    return _run("people.Customer", EntryKind.CUSTOMER, _customer_entries, batch_size, progress)


def bulk_index_all(*, batch_size: int = BULK_BATCH_SIZE) -> dict[str, int]:
    """Customers, conversations, messages and notes: rows read per kind."""
    return {
        EntryKind.CUSTOMER: bulk_index_customers(batch_size=batch_size),
        EntryKind.CONVERSATION: bulk_index_conversations(batch_size=batch_size),
        EntryKind.MESSAGE: bulk_index_messages(batch_size=batch_size),
        EntryKind.NOTE: bulk_index_notes(batch_size=batch_size),
    }
