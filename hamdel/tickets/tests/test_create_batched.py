"""A create through the API writes everything it wrote before the statements were batched:
every event, index entry and clock, and answers with what a read answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hamdel.audit.models import Event
from hamdel.audit.record import new_event, record_events
from hamdel.people.indexing import index_customer
from hamdel.people.models import Customer
from hamdel.sla.models import SlaPolicy, SlaTimer
from hamdel.test import ApiClient, Cast
from hamdel.text.models import EntryKind, SearchEntry
from hamdel.tickets.indexing import index_conversation, index_messages
from hamdel.tickets.models import Conversation, Message

pytestmark = pytest.mark.django_db

BODY = {
    "subject": "Order 77 late",
    "channel": "web",
    "customer": {"name": "Emily Carter", "email": "emily@example.com", "phone": "+98 912 345 6789"},
    "message": {"body": "Where is my order? It has not arrived yet."},
}


def _entries() -> dict[tuple[str, int], tuple[int | None, object, str]]:
    return {
        (entry.kind, entry.object_id): (entry.conversation_id, entry.created_at, entry.tokens)
        for entry in SearchEntry.objects.all()
    }


def _reindexed() -> dict[tuple[str, int], tuple[int | None, object, str]]:
    """The entries as the one-row-at-a-time index functions write them."""
    index_messages(list(Message.objects.values_list("pk", flat=True)))
    for pk in Conversation.objects.values_list("pk", flat=True):
        index_conversation(pk)
    for pk in Customer.objects.values_list("pk", flat=True):
        index_customer(pk)
    return _entries()


def test_a_create_writes_every_event_and_entry_and_answers_as_a_read(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    created = api.post("/conversations", BODY, headers={"Idempotency-Key": "one"})
    assert created.status_code == 201
    conversation = Conversation.objects.get()
    assert created.json() == api.get(f"/conversations/{conversation.pk}").json()
    verbs = list(Event.objects.order_by("id").values_list("verb", flat=True))
    assert verbs[-5:] == [
        "customer.created",
        "identity.added",
        "identity.added",
        "conversation.opened",
        "message.inbound",
    ]
    opened = Event.objects.get(verb="conversation.opened")
    assert opened.new == {"number": conversation.number, "channel": "web"}
    assert opened.actor == cast.alice.user
    entries = _entries()
    message = conversation.messages.get()
    assert (EntryKind.MESSAGE, message.pk) in entries
    assert (EntryKind.CONVERSATION, conversation.pk) in entries
    assert str(conversation.number) in entries[(EntryKind.CUSTOMER, conversation.customer_id)][2]
    assert _reindexed() == entries


def test_a_second_create_for_the_same_customer_indexes_both_numbers(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    api.post("/conversations", BODY, headers={"Idempotency-Key": "one"})
    again = api.post(
        "/conversations", {**BODY, "subject": "Again"}, headers={"Idempotency-Key": "two"}
    )
    assert again.status_code == 201
    customer_id = Conversation.objects.values_list("customer_id", flat=True).distinct().get()
    tokens = SearchEntry.objects.get(kind=EntryKind.CUSTOMER, object_id=customer_id).tokens
    for number in Conversation.objects.values_list("number", flat=True):
        assert str(number) in tokens
    entries = _entries()
    assert _reindexed() == entries


def test_a_create_starts_the_clocks_of_a_matching_policy(cast: Cast) -> None:
    SlaPolicy.objects.create(
        name="Everything", position=1, first_response_minutes=60, resolution_minutes=480
    )
    api = ApiClient(cast.alice.user)
    created = api.post("/conversations", BODY, headers={"Idempotency-Key": "one"})
    assert created.status_code == 201
    metrics = set(SlaTimer.objects.values_list("metric", flat=True))
    assert metrics == {"first_response", "resolution"}


def test_a_create_takes_few_statements(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    api.post("/conversations", BODY, headers={"Idempotency-Key": "warm"})
    body = {**BODY, "customer": {"name": "New", "email": "new@example.com"}}
    with CaptureQueriesContext(connection) as queries:
        created = api.post("/conversations", body, headers={"Idempotency-Key": "new"})
    assert created.status_code == 201
    # Transactions are savepoints inside the test's transaction; count the rest.
    statements = [
        query["sql"][:80]
        for query in queries.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    assert len(statements) <= 20, statements


def test_record_events_writes_in_order_and_returns_ids() -> None:
    events = record_events(
        [new_event(f"test.{n}", subject_type="test", subject_id=n) for n in range(3)]
    )
    assert [event.pk for event in events] == sorted(event.pk for event in events)
    assert all(event.pk is not None for event in events)
    stored = Event.objects.filter(subject_type="test").order_by("id")
    assert [event.verb for event in stored] == ["test.0", "test.1", "test.2"]
