"""Every inbound message is screened; the steps follow the policy, each an event."""

from typing import Any

from hamdel.audit.models import Event
from hamdel.conduct.models import Detection, Flag, Policy
from hamdel.conduct.tests.factories import customer_writes
from hamdel.live.models import Notification
from hamdel.people.models import Role
from hamdel.test import Cast, make_agent, make_conversation, make_customer, make_team
from hamdel.tickets.actions import add_message, assign_conversation
from hamdel.tickets.models import Direction, Message


def _outbound(conversation_id: int) -> list[Message]:
    return list(
        Message.objects.filter(conversation_id=conversation_id, direction=Direction.OUTBOUND)
    )


def test_a_polite_message_is_left_alone(cast: Cast) -> None:
    message = customer_writes(cast.customer, "Where is my order 1042, please?")
    assert not Detection.objects.exists()
    assert not Flag.objects.filter(conversation=message.conversation).exists()
    assert _outbound(message.conversation_id) == []


def test_a_first_abusive_message_is_flagged_and_warned_in_the_customers_language(
    cast: Cast,
) -> None:
    shirin = make_customer("Shirin Ahmadi", language="fa")
    message = customer_writes(shirin, "بیشعورها سفارش من کجاست؟")
    detection = Detection.objects.get(message=message)
    assert detection.severity == "abusive"
    assert (
        message.body_text[detection.matches[0]["start"] : detection.matches[0]["end"]] == "بیشعورها"
    )
    flag = Flag.objects.get(conversation=message.conversation)
    assert (flag.severity, flag.abusive_messages) == ("abusive", 1)
    [warning] = _outbound(message.conversation_id)
    assert "احترام" in warning.body_text
    assert "Shirin Ahmadi" in warning.body_text
    assert warning.delivery == "queued"  # sent through the channel's transport
    verbs = set(Event.objects.filter(customer_id=shirin.pk).values_list("verb", flat=True))
    assert {"conduct.detected", "conduct.warned"} <= verbs


def test_the_warning_can_be_switched_off(cast: Cast) -> None:
    Policy.objects.update_or_create(pk=1, defaults={"warn_first": False})
    message = customer_writes(cast.customer, "you fucking idiot")
    assert Detection.objects.filter(message=message).exists()
    assert _outbound(message.conversation_id) == []


def test_a_repeat_within_the_period_reaches_a_supervisor(cast: Cast) -> None:
    first = customer_writes(cast.customer, "shit service")
    conversation = first.conversation
    assign_conversation(conversation, None, team=cast.support)
    customer_writes(cast.customer, "you are all idiots", conversation=conversation)
    [note] = Notification.objects.filter(kind="abuse_escalated")
    assert note.recipient == cast.sam.user  # the supervisor of the conversation's team
    assert Event.objects.filter(verb="conduct.escalated", data__reason="repeat").count() == 1
    assert len(_outbound(conversation.pk)) == 1  # warned once, not at every message


def test_a_repeat_can_move_the_conversation_to_the_restricted_queue(cast: Cast) -> None:
    restricted = make_team("Restricted")
    make_agent("rita", role=Role.SUPERVISOR, teams=[restricted])
    Policy.objects.update_or_create(
        pk=1, defaults={"restrict_on_repeat": True, "restricted_team": restricted}
    )
    first = customer_writes(cast.customer, "shit service")
    customer_writes(cast.customer, "bullshit again", conversation=first.conversation)
    first.conversation.refresh_from_db()
    assert first.conversation.team == restricted
    assert Event.objects.filter(verb="conduct.restricted").exists()


def test_a_threat_reaches_a_supervisor_at_once(cast: Cast) -> None:
    message = customer_writes(cast.customer, "I know where you live. I will kill you.")
    assert Detection.objects.get(message=message).severity == "threat"
    assert Notification.objects.filter(kind="abuse_escalated", recipient=cast.sam.user).exists()
    assert Event.objects.filter(verb="conduct.escalated", data__reason="threat").exists()
    assert _outbound(message.conversation_id) == []  # no polite warning to a threat


def test_the_exposed_agent_is_the_assignee_when_it_arrived(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    assign_conversation(conversation, None, assignee=cast.alice.user)
    message = customer_writes(cast.customer, "sh1t", conversation=conversation)
    assert Detection.objects.get(message=message).agent == cast.alice.user


def test_outbound_and_automatic_messages_are_not_screened(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    add_message(
        conversation, direction=Direction.OUTBOUND, body_text="idiot", author_agent=cast.alice.user
    )
    assert not Detection.objects.exists()


def test_every_channel_goes_through_the_same_door(cast: Cast, **_: Any) -> None:
    conversation = make_conversation(cast.customer, body="fuck you")  # the REST/UI create
    assert Detection.objects.filter(conversation=conversation).exists()
