"""Building the search index for many rows at once: imports, restores, benchmarks and
`hamdel reindex`.

`hamdel.tickets.indexing` indexes rows inside the transaction of a single write. The
functions here make the very same entries (the same text functions build them from the
same typed rows), replace a whole batch's entries with one DELETE and one multi-row
INSERT, and commit batch by batch, so an interrupted run leaves every finished batch
indexed and can be started again.

They walk the table in primary-key order (keyset batches), so memory stays flat
however many rows there are. They live in tickets, not text, because they read tickets'
and people's tables.
"""

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Final

from django.db.models import Model

from hamdel.people.models import Customer, Identity
from hamdel.text.actions import (
    CustomerRow,
    conversation_entry,
    customer_entry,
    message_entry,
    note_entry,
    rebuild_entries,
)
from hamdel.text.models import EntryKind, SearchEntry
from hamdel.tickets.indexing import conversation_rows, message_rows, note_rows
from hamdel.tickets.models import Conversation, Message, Note

# Rows per batch (and per transaction): 2,000 entries are one INSERT of a few hundred
# kilobytes, large enough that per-statement costs vanish, small enough for any server.
BULK_BATCH_SIZE: Final = 2000

Progress = Callable[[int], None]  # called with the number of rows indexed so far
Build = Callable[[list[int]], list[SearchEntry]]


def id_batches(model: type[Model], batch_size: int) -> Iterator[list[int]]:
    last = 0
    while True:
        ids = list(
            model._default_manager.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def message_entries(ids: list[int]) -> list[SearchEntry]:
    return [message_entry(row) for row in message_rows(ids)]


def note_entries(ids: list[int]) -> list[SearchEntry]:
    return [note_entry(row) for row in note_rows(ids)]


def conversation_entries(ids: list[int]) -> list[SearchEntry]:
    return [conversation_entry(row) for row in conversation_rows(ids)]


def customer_entries(ids: list[int]) -> list[SearchEntry]:
    """Entries of the customers among `ids` that are not merged away, in three reads."""
    customers: list[tuple[int, str, str, datetime]] = list(
        Customer.objects.filter(pk__in=ids, merged_into__isnull=True).values_list(
            "pk", "name", "language", "created_at"
        )
    )
    found = [row[0] for row in customers]
    identities: dict[int, list[tuple[str, str, str]]] = {pk: [] for pk in found}
    # Ordered by primary key, as index_customer reads them.
    for customer_id, kind, value, display in (
        Identity.objects.filter(customer_id__in=found)
        .order_by("pk")
        .values_list("customer_id", "kind", "value", "display")
    ):
        identities[customer_id].append((kind, value, display))
    numbers: dict[int, list[int]] = {pk: [] for pk in found}
    for customer_id, number in (
        Conversation.objects.filter(customer_id__in=found)
        .order_by("pk")
        .values_list("customer_id", "number")
    ):
        numbers[customer_id].append(number)
    return [
        customer_entry(CustomerRow(pk, name, language, created_at, identities[pk], numbers[pk]))
        for pk, name, language, created_at in customers
    ]


# kind → (the table its entries index, how a batch of ids becomes entries)
SOURCES: Final[dict[str, tuple[type[Model], Build]]] = {
    EntryKind.MESSAGE: (Message, message_entries),
    EntryKind.NOTE: (Note, note_entries),
    EntryKind.CONVERSATION: (Conversation, conversation_entries),
    EntryKind.CUSTOMER: (Customer, customer_entries),
}


def bulk_index(
    kind: str, *, batch_size: int = BULK_BATCH_SIZE, progress: Progress | None = None
) -> int:
    """(Re)index every row of one kind; returns how many rows were read."""
    model, build = SOURCES[kind]
    done = 0
    for ids in id_batches(model, batch_size):
        rebuild_entries(kind, ids, build(ids))
        done += len(ids)
        if progress is not None:
            progress(done)
    return done


def bulk_index_messages(
    *, batch_size: int = BULK_BATCH_SIZE, progress: Progress | None = None
) -> int:
    """(Re)index every message; returns how many messages were read."""
    return bulk_index(EntryKind.MESSAGE, batch_size=batch_size, progress=progress)


def bulk_index_notes(*, batch_size: int = BULK_BATCH_SIZE, progress: Progress | None = None) -> int:
    """(Re)index every internal note; returns how many notes were read."""
    return bulk_index(EntryKind.NOTE, batch_size=batch_size, progress=progress)


def bulk_index_conversations(
    *, batch_size: int = BULK_BATCH_SIZE, progress: Progress | None = None
) -> int:
    """(Re)index every conversation's number and subject (not its customer: see below)."""
    return bulk_index(EntryKind.CONVERSATION, batch_size=batch_size, progress=progress)


def bulk_index_customers(
    *, batch_size: int = BULK_BATCH_SIZE, progress: Progress | None = None
) -> int:
    """(Re)index every customer; merged-away customers leave the index."""
    return bulk_index(EntryKind.CUSTOMER, batch_size=batch_size, progress=progress)


def bulk_index_all(*, batch_size: int = BULK_BATCH_SIZE) -> dict[str, int]:
    """Customers, conversations, messages and notes: rows read per kind."""
    return {
        EntryKind.CUSTOMER: bulk_index_customers(batch_size=batch_size),
        EntryKind.CONVERSATION: bulk_index_conversations(batch_size=batch_size),
        EntryKind.MESSAGE: bulk_index_messages(batch_size=batch_size),
        EntryKind.NOTE: bulk_index_notes(batch_size=batch_size),
    }
