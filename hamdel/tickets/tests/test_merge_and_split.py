import pytest
from django.core.exceptions import ValidationError

from hamdel.audit.models import Event
from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import (
    add_message,
    add_note,
    change_status,
    merge_conversations,
    split_message,
)
from hamdel.tickets.models import Direction, Status

pytestmark = pytest.mark.django_db


def test_merging_moves_messages_and_notes_and_closes_the_source_with_a_link(cast: Cast) -> None:
    source = make_conversation(cast.customer, body="First try")
    target = make_conversation(cast.customer, body="Second try")
    add_note(source, "Called the courier", cast.alice.user)

    merge_conversations(source, target, cast.alice.user)

    source.refresh_from_db()
    assert source.status == Status.CLOSED
    assert source.merged_into == target
    assert not source.messages.exists()
    assert sorted(target.messages.values_list("body_text", flat=True)) == [
        "First try",
        "Second try",
    ]
    assert target.notes.count() == 1
    assert Event.objects.filter(verb="conversation.merged_into", conversation_id=source.pk).exists()
    assert Event.objects.filter(verb="conversation.merged_from", conversation_id=target.pk).exists()


def test_a_merged_conversation_cannot_be_merged_again_or_reopened(cast: Cast) -> None:
    source, target = make_conversation(cast.customer), make_conversation(cast.customer)
    merge_conversations(source, target, None)
    source.refresh_from_db()
    with pytest.raises(ValidationError):
        merge_conversations(source, target, None)
    with pytest.raises(ValidationError):
        change_status(source, Status.OPEN, None)
    with pytest.raises(ValidationError):
        merge_conversations(target, target, None)


def test_splitting_moves_one_message_into_a_new_conversation(cast: Cast) -> None:
    source = make_conversation(cast.customer, body="Where is my order?", team=cast.support)
    other = add_message(
        source,
        direction=Direction.INBOUND,
        body_text="Also, my invoice is wrong",
        author_customer=cast.customer,
    )
    new = split_message(other, cast.alice.user, subject="Invoice")
    assert new.pk != source.pk
    assert new.number > source.number
    assert list(new.messages.values_list("body_text", flat=True)) == ["Also, my invoice is wrong"]
    assert source.messages.count() == 1
    assert new.customer == cast.customer
    assert new.team == cast.support
    assert Event.objects.filter(verb="message.moved", conversation_id=source.pk).exists()


def test_the_only_message_cannot_be_split_off(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    with pytest.raises(ValidationError):
        split_message(conversation.messages.get(), None)
