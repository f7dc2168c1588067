"""receive_message: the one door in for a customer's message from any channel."""

import os
import threading

import pytest
from django.core.exceptions import ValidationError

from hamdel.audit.models import Event
from hamdel.people.models import Customer, Identity
from hamdel.test import Cast, make_customer
from hamdel.text.models import SearchEntry
from hamdel.tickets.actions import (
    NewAttachment,
    Sender,
    ThreadHints,
    change_status,
    merge_conversations,
    receive_message,
)
from hamdel.tickets.models import Conversation, Message, Status

pytestmark = pytest.mark.django_db

TELEGRAM = Sender([("telegram", "50912345")], name="Ali Rezaei", language="fa")


def test_a_new_sender_becomes_a_customer_with_a_new_conversation() -> None:
    received = receive_message(
        channel="messenger",
        sender=TELEGRAM,
        body_text="سلام، سفارشم نرسیده",
        account="bot-1",
        external_id="update-1",
    )
    assert received.opened
    assert not received.duplicate
    customer = received.conversation.customer
    assert customer.name == "Ali Rezaei"
    assert list(customer.identities.values_list("kind", "value")) == [("telegram", "50912345")]
    message = received.message
    assert (message.channel, message.account, message.external_id) == (
        "messenger",
        "bot-1",
        "update-1",
    )
    assert message.author_customer_id == customer.pk
    assert message.language == "fa"
    verbs = set(
        Event.objects.filter(conversation_id=received.conversation.pk).values_list(
            "verb", flat=True
        )
    )
    assert {"conversation.opened", "message.inbound"} <= verbs


def test_the_same_provider_message_twice_is_stored_once_and_returns_the_first_result() -> None:
    first = receive_message(
        channel="messenger", sender=TELEGRAM, body_text="Hello", account="bot-1", external_id="42"
    )
    counts = (Message.objects.count(), Event.objects.count(), SearchEntry.objects.count())
    again = receive_message(
        channel="messenger", sender=TELEGRAM, body_text="Hello", account="bot-1", external_id="42"
    )
    assert again.duplicate
    assert (again.conversation.pk, again.message.pk) == (first.conversation.pk, first.message.pk)
    assert (Message.objects.count(), Event.objects.count(), SearchEntry.objects.count()) == counts


def test_the_same_external_id_on_another_account_is_another_message() -> None:
    receive_message(
        channel="messenger", sender=TELEGRAM, body_text="a", account="bot-1", external_id="7"
    )
    other = receive_message(
        channel="messenger", sender=TELEGRAM, body_text="b", account="bot-2", external_id="7"
    )
    assert not other.duplicate
    assert Message.objects.count() == 2


def test_continue_open_adds_to_the_customers_open_conversation_on_that_account() -> None:
    first = receive_message(
        channel="messenger",
        sender=TELEGRAM,
        body_text="Hi",
        account="bot-1",
        hints=ThreadHints(continue_open=True),
    )
    second = receive_message(
        channel="messenger",
        sender=TELEGRAM,
        body_text="Any news?",
        account="bot-1",
        hints=ThreadHints(continue_open=True),
    )
    assert not second.opened
    assert second.conversation.pk == first.conversation.pk
    change_status(first.conversation, Status.CLOSED, None)
    third = receive_message(
        channel="messenger",
        sender=TELEGRAM,
        body_text="Again",
        account="bot-1",
        hints=ThreadHints(continue_open=True),
    )
    assert third.opened  # a closed conversation is not continued


def test_a_reply_threads_by_the_provider_id_it_answers() -> None:
    sender = Sender([("email", "reza@example.com")], name="Reza")
    first = receive_message(
        channel="email", sender=sender, body_text="Where is my order?", external_id="<a@x>"
    )
    reply = receive_message(
        channel="email",
        sender=sender,
        body_text="Still waiting",
        external_id="<b@x>",
        hints=ThreadHints(replying_to=["<unknown@x>", "<a@x>"]),
    )
    assert reply.conversation.pk == first.conversation.pk
    assert not reply.opened


def test_hints_never_lead_into_another_customers_conversation() -> None:
    owner = Sender([("email", "owner@example.com")])
    theirs = receive_message(channel="email", sender=owner, body_text="Mine", external_id="<o@x>")
    intruder = Sender([("email", "intruder@example.com")])
    forged = receive_message(
        channel="email",
        sender=intruder,
        body_text="Let me in",
        external_id="<i@x>",
        hints=ThreadHints(conversation_id=theirs.conversation.pk, replying_to=["<o@x>"]),
    )
    assert forged.opened
    assert forged.conversation.pk != theirs.conversation.pk
    assert forged.conversation.customer.identities.get().value == "intruder@example.com"


def test_a_message_to_a_merged_conversation_lands_in_the_one_it_was_merged_into(cast: Cast) -> None:
    sender = Sender([("email", "m@example.com")])
    old = receive_message(
        channel="email", sender=sender, body_text="one", hints=ThreadHints(new=True)
    )
    new = receive_message(
        channel="email", sender=sender, body_text="two", hints=ThreadHints(new=True)
    )
    merge_conversations(old.conversation, new.conversation, cast.sam.user)
    again = receive_message(
        channel="email",
        sender=sender,
        body_text="three",
        hints=ThreadHints(conversation_id=old.conversation.pk),
    )
    assert again.conversation.pk == new.conversation.pk


def test_a_customer_writing_to_a_solved_conversation_reopens_it() -> None:
    sender = Sender([("email", "s@example.com")])
    first = receive_message(channel="email", sender=sender, body_text="help")
    change_status(first.conversation, Status.SOLVED, None)
    again = receive_message(
        channel="email",
        sender=sender,
        body_text="not fixed",
        hints=ThreadHints(conversation_id=first.conversation.pk),
    )
    assert again.conversation.pk == first.conversation.pk
    assert Conversation.objects.get(pk=first.conversation.pk).status == Status.OPEN


def test_an_existing_customer_is_found_by_any_identity() -> None:
    customer = make_customer("Ayşe", identities=[("email", "ayse@example.com.tr")])
    received = receive_message(
        channel="email",
        sender=Sender([("email", "AYSE@example.com.tr"), ("phone", "+90 532 123 45 67")]),
        body_text="Merhaba",
    )
    assert received.conversation.customer_id == customer.pk
    assert Identity.objects.filter(customer=customer, kind="phone", value="+905321234567").exists()


def test_a_rejected_message_writes_nothing() -> None:
    before = (Customer.objects.count(), Event.objects.count(), SearchEntry.objects.count())
    with pytest.raises(ValidationError, match="attachments may be at most"):
        receive_message(
            channel="messenger",
            sender=Sender([("telegram", "999")], name="Big"),
            body_text="see file",
            attachments=[
                NewAttachment("huge.bin", "application/octet-stream", b"x" * (26 * 1024 * 1024))
            ],
        )
    with pytest.raises(ValidationError, match="Unknown channel"):
        receive_message(channel="pigeon", sender=Sender([("telegram", "998")]), body_text="coo")
    with pytest.raises(ValidationError, match="phone"):
        receive_message(channel="sms", sender=Sender([("phone", "12")]), body_text="hi")
    assert (Customer.objects.count(), Event.objects.count(), SearchEntry.objects.count()) == before


def test_a_new_customer_is_indexed_once_with_its_first_conversation() -> None:
    received = receive_message(
        channel="email", sender=Sender([("email", "once@example.com")]), body_text="hi"
    )
    customer = received.conversation.customer
    entries = SearchEntry.objects.filter(kind="customer", object_id=customer.pk)
    assert entries.count() == 1
    assert str(received.conversation.number) in entries.get().tokens


@pytest.mark.skipif(
    not os.environ.get("HAMDEL_DATABASE_URL"),
    reason="the in-memory SQLite test database locks tables across threads",
)
@pytest.mark.django_db(transaction=True)
def test_a_new_customers_messages_arriving_at_once_are_all_stored_for_one_customer() -> None:
    from django.db import connection

    barrier = threading.Barrier(4)
    results: list[object] = []

    def receive(number: int) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(
                receive_message(
                    channel="messenger",
                    sender=Sender([("telegram", "777")], name="Nika"),
                    body_text=f"message {number}",
                    account="bot-1",
                    external_id=f"update-{number}",
                    hints=ThreadHints(continue_open=True),
                )
            )
        except Exception as error:  # noqa: BLE001 - the test reports whatever was raised
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=receive, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [type(result).__name__ for result in results] == ["Received"] * 4, results
    assert Customer.objects.count() == 1
    assert Message.objects.filter(external_id__startswith="update-").count() == 4
