"""A customer's search entry: people reads its rows and hands them to text as a CustomerRow.

Call `index_customer` after a customer is created or changed, an identity is added or
removed, and for both customers after a merge (the merged-away one leaves the index).
"""

from collections.abc import Iterable
from datetime import datetime

from hamdel.people.models import Customer, Identity
from hamdel.text.actions import CustomerRow, replace_entries
from hamdel.text.actions import customer_entry as entry_of
from hamdel.text.models import EntryKind, SearchEntry


def _numbers_of(customer_id: int) -> list[int]:
    # The numbers of the customer's conversations, read through the reverse relation the
    # conversations' foreign key gives Customer: people does not import tickets.
    return list(
        Customer.objects.filter(pk=customer_id, conversations__isnull=False)
        .order_by("conversations__pk")
        .values_list("conversations__number", flat=True)
    )


def _identities_of(customer_id: int) -> list[tuple[str, str, str]]:
    return list(
        Identity.objects.filter(customer_id=customer_id)
        .order_by("pk")
        .values_list("kind", "value", "display")
    )


def customer_entry(
    customer_id: int,
    name: str,
    language: str,
    created_at: datetime,
    *,
    identities: Iterable[tuple[str, str, str]] | None = None,
    numbers: Iterable[int] | None = None,
) -> SearchEntry:
    """The unsaved entry of a customer (not merged away) whose row is in hand.

    `identities` (kind, value, display) and `numbers` are read when not given; give
    them only when they are every identity and every conversation number the customer
    has, so the entry is the one `index_customer` writes.
    """
    return entry_of(
        CustomerRow(
            id=customer_id,
            name=name,
            language=language,
            created_at=created_at,
            identities=list(identities if identities is not None else _identities_of(customer_id)),
            numbers=list(numbers if numbers is not None else _numbers_of(customer_id)),
        )
    )


def index_customer(customer_id: int) -> None:
    """Index a customer by name, identities and conversation numbers."""
    row = (
        Customer.objects.filter(pk=customer_id, merged_into__isnull=True)
        .values_list("name", "language", "created_at")
        .first()
    )
    entries = [] if row is None else [customer_entry(customer_id, *row)]
    replace_entries(EntryKind.CUSTOMER, [customer_id], entries)
