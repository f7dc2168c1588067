"""Bulk indexing writes exactly the entries the one-by-one indexing writes."""

import pytest

from hamdel.people.actions import merge_customers
from hamdel.people.models import IdentityKind
from hamdel.test import make_conversation, make_customer
from hamdel.text.models import EntryKind, SearchEntry
from hamdel.text.queries import search
from hamdel.tickets.actions import add_message
from hamdel.tickets.bulk_index import (
    bulk_index_all,
    bulk_index_conversations,
    bulk_index_customers,
    bulk_index_messages,
)
from hamdel.tickets.models import Direction

pytestmark = pytest.mark.django_db

Row = tuple[str, int, int | None, object, str]


def _entries() -> set[Row]:
    return set(
        SearchEntry.objects.values_list(
            "kind", "object_id", "conversation_id", "created_at", "tokens"
        )
    )


def _seed() -> None:
    zahra = make_customer(
        "Zahra Karimi",
        language="fa",
        identities=[
            (IdentityKind.EMAIL, "Zahra.K@Example.com"),
            (IdentityKind.PHONE, "+98 912 345 6789"),
        ],
    )
    ayse = make_customer(
        "Ayşe Yılmaz", language="tr", identities=[(IdentityKind.PHONE, "+90 532 123 45 67")]
    )
    ivan = make_customer("Иван Петров", language="ru")
    merged = make_customer("Ivan P.", language="ru")
    first = make_conversation(
        zahra, subject="سفارش ۴۸۳۲-۱۱۹۰", body="سلام، سفارش من هنوز نرسيده. كتاب‌ها را مي خواهم"
    )
    add_message(first, direction=Direction.INBOUND, body_text="کتاب ها رسید؟ ۰۹۱۲ ۳۴۵ ۶۷۸۹")
    second = make_conversation(ayse, subject="İADE", body="Siparişlerim hâlâ İstanbul'a ulaşmadı")
    add_message(
        second,
        direction=Direction.OUTBOUND,
        body_text="Kartınız 4111 1111 1111 1111 ile ödeme iade edildi, sipariş 48321190.",
    )
    make_conversation(ivan, subject="Заказ", body="Мой заказ ещё не доставлен, где посылка?")
    make_conversation(merged, subject="Order", body="Where is my order? Call +7 912 345-67-89")
    merge_customers(merged, ivan, None)


def test_bulk_indexed_entries_equal_the_ones_written_message_by_message() -> None:
    _seed()
    per_row = _entries()  # written by add_message / open_conversation / create_customer
    assert {row[0] for row in per_row} == {
        EntryKind.MESSAGE,
        EntryKind.CONVERSATION,
        EntryKind.CUSTOMER,
    }
    SearchEntry.objects.all().delete()

    counts = bulk_index_all(batch_size=2)  # several batches even for a handful of rows
    assert counts[EntryKind.MESSAGE] == 6
    assert _entries() == per_row


def test_bulk_indexing_replaces_stale_entries_and_can_run_twice() -> None:
    _seed()
    per_row = _entries()
    SearchEntry.objects.filter(kind=EntryKind.MESSAGE).update(tokens="stale")
    SearchEntry.objects.filter(kind=EntryKind.CONVERSATION).delete()

    seen: list[int] = []
    bulk_index_messages(batch_size=4, progress=seen.append)
    bulk_index_conversations()
    bulk_index_customers()
    bulk_index_all()

    assert seen == [4, 6]
    assert _entries() == per_row
    assert SearchEntry.objects.count() == len(per_row)


def test_bulk_indexed_messages_are_found_on_this_database() -> None:
    _seed()
    SearchEntry.objects.all().delete()
    bulk_index_all()
    hits = search(None, "كتاب", kinds=[EntryKind.MESSAGE])
    assert len(hits) == 2
    assert search(None, "siparis istanbul", kinds=[EntryKind.MESSAGE])
    assert search(None, "09123456789", kinds=[EntryKind.CUSTOMER])
    assert not search(None, "4111111111111111")  # redacted before it was indexed
