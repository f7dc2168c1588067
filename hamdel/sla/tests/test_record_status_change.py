"""How each status moves the clocks; times are explicit, so these run on a real calendar."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hamdel.sla.actions import apply_policy, record_status_change, set_team_calendar
from hamdel.sla.models import Metric, ReopenRule, SlaTimer, TimerState
from hamdel.sla.tests.sla_factories import make_policy, make_stored_calendar
from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import add_message, change_status
from hamdel.tickets.models import Conversation, Direction, Status

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """June 2026 in Berlin: the 5th is a Friday, the 8th a Monday."""
    return datetime(2026, 6, day, hour, minute, tzinfo=BERLIN)


def _office_conversation(cast: Cast, **policy: object) -> Conversation:
    """A Support conversation on the Berlin office calendar with clocks started Friday 10:00."""
    set_team_calendar(cast.support, make_stored_calendar())
    conversation = make_conversation(cast.customer, team=cast.support)  # no policy yet: no clocks
    make_policy(first_response_minutes=240, resolution_minutes=600, **policy)  # type: ignore[arg-type]
    apply_policy(conversation, at(5, 10), awaits_reply=True)
    return conversation


def _clock(conversation: Conversation, metric: Metric = Metric.RESOLUTION) -> SlaTimer:
    return SlaTimer.objects.filter(conversation=conversation, metric=metric).latest("pk")


def test_clock_runs_on_business_hours_with_lunch(cast: Cast) -> None:
    conversation = _office_conversation(cast)
    # Friday 10:00 + 240 business minutes: 10-12, 13-15.
    assert _clock(conversation, Metric.FIRST_RESPONSE).due_at == at(5, 15)
    # 600 minutes: Friday 10-12, 13-17 (6 h), Monday 9-12, 13-14 (4 h).
    assert _clock(conversation).due_at == at(8, 14)


def test_waiting_on_customer_pauses_the_clock_across_a_weekend(cast: Cast) -> None:
    conversation = _office_conversation(cast)
    record_status_change(conversation, Status.OPEN, Status.WAITING, at(5, 16))
    paused = _clock(conversation)
    assert paused.state == TimerState.PAUSED
    assert paused.due_at is None
    assert paused.next_check_at is None
    assert paused.remaining_seconds == (600 - 300) * 60  # Friday 10-12 and 13-16 were used
    # The customer answers on Monday at 10:00: five business hours remain.
    record_status_change(conversation, Status.WAITING, Status.OPEN, at(8, 10))
    resumed = _clock(conversation)
    assert resumed.state == TimerState.RUNNING
    assert resumed.due_at == at(8, 16)


def test_on_hold_does_not_pause_the_clock(cast: Cast) -> None:
    conversation = _office_conversation(cast)
    assert record_status_change(conversation, Status.OPEN, Status.ON_HOLD, at(5, 11)) == []
    assert _clock(conversation).due_at == at(8, 14)


def test_solving_stops_every_clock(cast: Cast) -> None:
    conversation = _office_conversation(cast)
    record_status_change(conversation, Status.OPEN, Status.SOLVED, at(5, 11))
    states = set(SlaTimer.objects.filter(conversation=conversation).values_list("state", flat=True))
    assert states == {TimerState.STOPPED}
    assert _clock(conversation).was_met()


def test_reopening_restarts_the_resolution_clock(cast: Cast) -> None:
    conversation = _office_conversation(cast, on_reopen=ReopenRule.RESTART)
    record_status_change(conversation, Status.OPEN, Status.SOLVED, at(5, 11))
    record_status_change(conversation, Status.SOLVED, Status.OPEN, at(8, 9))
    reopened = _clock(conversation)
    assert reopened.state == TimerState.RUNNING
    assert reopened.remaining_seconds == 600 * 60
    assert reopened.started_at == at(8, 9)
    assert SlaTimer.objects.filter(conversation=conversation, metric=Metric.RESOLUTION).count() == 2


def test_reopening_can_resume_the_resolution_clock(cast: Cast) -> None:
    conversation = _office_conversation(cast, on_reopen=ReopenRule.RESUME)
    record_status_change(conversation, Status.OPEN, Status.SOLVED, at(5, 11))
    record_status_change(conversation, Status.SOLVED, Status.OPEN, at(8, 9))
    resumed = _clock(conversation)
    assert resumed.remaining_seconds == 540 * 60  # one hour was used on Friday
    # Nine business hours from Monday 09:00: Monday's seven, then Tuesday 09:00-11:00.
    assert resumed.due_at == at(9, 11)
    assert SlaTimer.objects.filter(conversation=conversation, metric=Metric.RESOLUTION).count() == 1


def test_waiting_then_customer_reply_through_the_ticket_actions(cast: Cast) -> None:
    make_policy()
    conversation = make_conversation(cast.customer)
    change_status(conversation, Status.WAITING, cast.alice.user)
    assert {timer.state for timer in SlaTimer.objects.filter(conversation=conversation)} == {
        TimerState.PAUSED
    }
    add_message(
        conversation,
        direction=Direction.INBOUND,
        body_text="Here it is",
        author_customer=cast.customer,
    )
    conversation.refresh_from_db()
    assert conversation.status == Status.OPEN
    assert {timer.state for timer in SlaTimer.objects.filter(conversation=conversation)} == {
        TimerState.RUNNING
    }
    assert all(
        timer.due_at and timer.due_at > timezone.now()
        for timer in SlaTimer.objects.filter(conversation=conversation)
    )
