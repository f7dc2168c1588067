"""Search over messages, conversations and customers, with permissions in SQL."""

from datetime import UTC, datetime

import pytest

from hamdel.people.indexing import index_customer
from hamdel.people.models import Customer, IdentityKind
from hamdel.test import Cast, make_conversation, make_customer
from hamdel.text.models import EntryKind, SearchEntry
from hamdel.text.normalise import query_terms
from hamdel.text.queries import Hit, search, snippet
from hamdel.text.tests.pairs import EN_OUTAGE_PARAGRAPH
from hamdel.tickets.indexing import index_conversation, index_message, index_messages
from hamdel.tickets.models import Conversation
from hamdel.tickets.queries import visible_conversations

pytestmark = pytest.mark.django_db


def _index(conversation: Conversation) -> None:
    index_conversation(conversation.pk)
    index_messages(list(conversation.messages.values_list("pk", flat=True)))


def _kinds(hits: list[Hit]) -> set[tuple[str, int]]:
    return {(hit.type, hit.id) for hit in hits}


def test_message_is_found_by_an_inflected_word_with_its_conversation() -> None:
    conversation = make_conversation(body="Siparişlerim hâlâ İstanbul'a ulaşmadı")
    _index(conversation)
    message = conversation.messages.get()
    hits = search(None, "siparis istanbul", kinds=[EntryKind.MESSAGE])
    assert [(hit.type, hit.id, hit.conversation_id) for hit in hits] == [
        ("message", message.pk, conversation.pk)
    ]
    assert "<mark>Siparişlerim</mark>" in hits[0].snippet
    assert "<mark>İstanbul</mark>" in hits[0].snippet


def test_conversation_is_found_by_number_with_or_without_hash() -> None:
    conversation = make_conversation(subject="Broken kettle")
    _index(conversation)
    for query in (f"#{conversation.number}", str(conversation.number)):
        hits = search(None, query, kinds=[EntryKind.CONVERSATION])
        assert _kinds(hits) == {("conversation", conversation.pk)}
        assert hits[0].snippet.startswith(f"<mark>#{conversation.number}</mark>") or (
            f"#<mark>{conversation.number}</mark>" in hits[0].snippet
        )


def test_customer_is_found_by_name_email_phone_and_conversation_number() -> None:
    customer = make_customer(
        "Zahra Karimi",
        identities=[
            (IdentityKind.EMAIL, "Zahra.K@Example.com"),
            (IdentityKind.PHONE, "+98 912 345 6789"),
        ],
    )
    conversation = make_conversation(customer)
    _index(conversation)
    index_customer(customer.pk)
    for query in (
        "zahra",
        "KARIMI",
        "zahra.k@example.com",
        "+98 912 345 6789",
        "09123456789",
        "۰۹۱۲-۳۴۵-۶۷۸۹",
        "912 345 6789",
        "6789",
        f"#{conversation.number}",
    ):
        hits = search(None, query, kinds=[EntryKind.CUSTOMER])
        assert _kinds(hits) == {("customer", customer.pk)}, query


def test_merged_away_customer_leaves_the_index() -> None:
    customer = make_customer("Merged Person")
    index_customer(customer.pk)
    customer.merged_into = make_customer("Kept Person")
    customer.save(update_fields=["merged_into"])
    index_customer(customer.pk)
    assert search(None, "merged person") == []


def test_agent_finds_only_conversations_of_their_teams(cast: Cast) -> None:
    ours = make_conversation(body="refund please", team=cast.support)
    theirs = make_conversation(body="refund please", team=cast.billing)
    _index(ours)
    _index(theirs)
    visible = visible_conversations(cast.alice.user)
    hits = search(visible, "refund", kinds=[EntryKind.MESSAGE])
    assert {hit.conversation_id for hit in hits} == {ours.pk}


def test_permissions_apply_before_the_limit(cast: Cast) -> None:
    # Ten newer invisible hits must not push the visible one off a page of one.
    mine = make_conversation(body="warranty claim", team=cast.support)
    _index(mine)
    for _ in range(10):
        _index(make_conversation(body="warranty claim", team=cast.billing))
    hits = search(visible_conversations(cast.alice.user), "warranty", limit=1)
    assert [hit.conversation_id for hit in hits] == [mine.pk]


def test_customers_can_be_restricted_by_a_queryset() -> None:
    customer = make_customer("Restricted Rita")
    index_customer(customer.pk)
    assert search(None, "rita", visible_customers=Customer.objects.none()) == []
    assert len(search(None, "rita", visible_customers=Customer.objects.all())) == 1


def test_more_relevant_hit_ranks_first_and_recency_breaks_ties() -> None:
    passing_mention = make_conversation(body=EN_OUTAGE_PARAGRAPH)
    older = make_conversation(body="Wrong invoice")
    newer = make_conversation(body="Wrong invoice")
    for conversation in (passing_mention, older, newer):
        _index(conversation)
    hits = search(None, "invoice", kinds=[EntryKind.MESSAGE])
    assert [hit.conversation_id for hit in hits] == [newer.pk, older.pk, passing_mention.pk]


def test_reindexing_a_message_replaces_its_entry() -> None:
    conversation = make_conversation(body="first words")
    message = conversation.messages.get()
    index_message(message.pk)
    index_message(message.pk)
    assert SearchEntry.objects.filter(kind=EntryKind.MESSAGE, object_id=message.pk).count() == 1
    type(message).objects.filter(pk=message.pk).update(body_text="second words")
    index_message(message.pk)
    assert search(None, "first") == []
    assert len(search(None, "second")) == 1


def test_redacted_card_number_is_not_searchable() -> None:
    conversation = make_conversation(body="my card 4111 1111 1111 1111 was charged")
    _index(conversation)
    assert search(None, "4111111111111111") == []
    assert search(None, "4111 1111 1111 1111") == []
    assert len(search(None, "charged", kinds=[EntryKind.MESSAGE])) == 1


def test_empty_query_finds_nothing() -> None:
    assert search(None, "  ?! ") == []


def test_index_entries_carry_the_message_time_for_recency() -> None:
    conversation = make_conversation(body="hello")
    message = conversation.messages.get()
    index_message(message.pk)
    entry = SearchEntry.objects.get(kind=EntryKind.MESSAGE, object_id=message.pk)
    assert entry.created_at == message.created_at
    assert entry.created_at > datetime(2000, 1, 1, tzinfo=UTC)


def test_snippet_shows_original_spelling_around_the_match() -> None:
    original = "x " * 200 + "كتاب‌های شما رسید. " + "y " * 200
    marked = snippet(original, query_terms("کتاب"))
    assert marked.startswith("…")
    assert marked.endswith("…")
    assert "<mark>كتاب</mark>" in marked


def test_snippet_escapes_html() -> None:
    assert (
        snippet("<b>refund</b>", query_terms("refund")) == "&lt;b&gt;<mark>refund</mark>&lt;/b&gt;"
    )
