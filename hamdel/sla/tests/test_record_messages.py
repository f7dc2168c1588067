"""Replies stop the response clocks; a customer writing after a reply starts the next one."""

import pytest

from hamdel.audit.models import Event
from hamdel.sla.models import Metric, SlaTimer, TimerState
from hamdel.sla.tests.sla_factories import make_policy
from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import add_message
from hamdel.tickets.models import Conversation, Direction

pytestmark = pytest.mark.django_db


def _reply(conversation: Conversation, cast: Cast) -> None:
    add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text="On its way.",
        author_agent=cast.alice.user,
        actor=cast.alice.user,
    )


def _customer_writes(conversation: Conversation, cast: Cast) -> None:
    add_message(
        conversation,
        direction=Direction.INBOUND,
        body_text="Thanks, and?",
        author_customer=cast.customer,
    )


def _timer(conversation: Conversation, metric: Metric) -> SlaTimer:
    return SlaTimer.objects.filter(conversation=conversation, metric=metric).latest("pk")


def test_agent_reply_meets_the_first_response_clock(cast: Cast) -> None:
    make_policy()
    conversation = make_conversation(cast.customer)
    _reply(conversation, cast)
    first = _timer(conversation, Metric.FIRST_RESPONSE)
    assert first.state == TimerState.STOPPED
    assert first.was_met()
    assert first.next_check_at is None
    assert _timer(conversation, Metric.RESOLUTION).state == TimerState.RUNNING


def test_customer_message_after_a_reply_starts_the_next_response_clock(cast: Cast) -> None:
    make_policy()
    conversation = make_conversation(cast.customer)
    _reply(conversation, cast)
    _customer_writes(conversation, cast)
    _customer_writes(conversation, cast)
    next_clocks = SlaTimer.objects.filter(conversation=conversation, metric=Metric.NEXT_RESPONSE)
    assert next_clocks.count() == 1  # the second message does not restart the clock
    assert next_clocks.get().target_seconds == 120 * 60
    _reply(conversation, cast)
    assert next_clocks.get().state == TimerState.STOPPED


def test_customer_message_before_any_reply_starts_no_next_response_clock(cast: Cast) -> None:
    make_policy()
    conversation = make_conversation(cast.customer)
    _customer_writes(conversation, cast)
    assert not SlaTimer.objects.filter(
        conversation=conversation, metric=Metric.NEXT_RESPONSE
    ).exists()


def test_each_clock_start_is_on_the_timeline(cast: Cast) -> None:
    make_policy()
    conversation = make_conversation(cast.customer)
    started = Event.objects.filter(conversation_id=conversation.pk, verb="sla.started")
    assert sorted(event.data["metric"] for event in started) == ["first_response", "resolution"]
