import pytest
from django.core.exceptions import ValidationError

from hamdel.audit.models import Event
from hamdel.test import make_conversation, make_customer
from hamdel.tickets.actions import (
    FIRST_CONVERSATION_NUMBER,
    continue_numbering,
    open_conversation,
)
from hamdel.tickets.models import Conversation, Direction, Status

pytestmark = pytest.mark.django_db


def test_conversation_numbers_are_sequential_and_unique() -> None:
    customer = make_customer()
    numbers = [make_conversation(customer).number for _ in range(5)]
    assert numbers == list(range(numbers[0], numbers[0] + 5))
    # A PostgreSQL sequence is not rolled back with each test, so only the floor is fixed.
    assert numbers[0] >= FIRST_CONVERSATION_NUMBER


def test_a_new_conversation_holds_its_first_message_from_the_customer() -> None:
    conversation = make_conversation(body="Where is my order 4582?")
    message = conversation.messages.get()
    assert message.direction == Direction.INBOUND
    assert message.author_customer == conversation.customer
    assert message.body_text == "Where is my order 4582?"
    assert conversation.status == Status.NEW
    verbs = set(
        Event.objects.filter(conversation_id=conversation.pk).values_list("verb", flat=True)
    )
    assert {"conversation.opened", "message.inbound"} <= verbs


def test_an_empty_first_message_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        open_conversation(customer=make_customer(), channel="email", body_text="   ")
    assert "message.body" in error.value.message_dict


def test_an_unknown_channel_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        open_conversation(customer=make_customer(), channel="pigeon", body_text="hi")
    assert "channel" in error.value.message_dict


def test_numbering_continues_after_conversations_written_in_bulk() -> None:
    customer = make_customer()
    first = make_conversation(customer)
    Conversation.objects.bulk_create(
        [
            Conversation(number=first.number + n, customer=customer, channel="email")
            for n in range(1, 4)
        ]
    )
    assert continue_numbering() == first.number + 3
    assert make_conversation(customer).number == first.number + 4
