"""A customer's tier changes: their unfinished conversations get the policy of the new tier."""

from datetime import timedelta

import pytest

from hamdel.people.actions import update_customer
from hamdel.people.models import Tier
from hamdel.sla.models import Metric, SlaTimer, TimerState
from hamdel.sla.tests.sla_factories import make_policy
from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import change_status
from hamdel.tickets.models import Status

pytestmark = pytest.mark.django_db


def first_response(conversation_id: int) -> SlaTimer:
    return SlaTimer.objects.get(
        conversation_id=conversation_id, metric=Metric.FIRST_RESPONSE, state=TimerState.RUNNING
    )


def test_becoming_vip_moves_open_clocks_to_the_vip_policy_keeping_time_used(cast: Cast) -> None:
    vip = make_policy("VIP", position=1, tiers=[Tier.VIP], first_response_minutes=30)
    make_policy("Everyone", position=2, first_response_minutes=240)
    conversation = make_conversation(cast.customer)
    before = first_response(conversation.pk)
    assert before.policy is not None
    assert before.policy.name == "Everyone"
    update_customer(cast.customer, None, tier=Tier.VIP)
    after = first_response(conversation.pk)
    assert after.policy == vip
    assert after.target_seconds == 30 * 60
    # Round the clock: the business time used so far is the real time since the start.
    assert after.due_at is not None
    assert abs(after.due_at - (before.started_at + timedelta(minutes=30))) < timedelta(seconds=2)


def test_a_tier_change_leaves_finished_conversations_alone(cast: Cast) -> None:
    make_policy("VIP", position=1, tiers=[Tier.VIP], resolution_minutes=60)
    make_policy("Everyone", position=2, resolution_minutes=480)
    solved = make_conversation(cast.customer)
    change_status(solved, Status.SOLVED, cast.alice.user)
    stopped = {timer.pk: timer.policy_id for timer in SlaTimer.objects.filter(conversation=solved)}
    update_customer(cast.customer, None, tier=Tier.VIP)
    assert {
        timer.pk: timer.policy_id for timer in SlaTimer.objects.filter(conversation=solved)
    } == stopped


def test_losing_a_tier_without_a_fallback_policy_stops_the_clocks(cast: Cast) -> None:
    make_policy("VIP only", tiers=[Tier.VIP])
    update_customer(cast.customer, None, tier=Tier.VIP)
    conversation = make_conversation(cast.customer)
    update_customer(cast.customer, None, tier=Tier.STANDARD)
    assert set(
        SlaTimer.objects.filter(conversation=conversation).values_list("state", flat=True)
    ) == {TimerState.STOPPED}


def test_changing_something_other_than_the_tier_moves_no_clock(cast: Cast) -> None:
    make_policy("Everyone", first_response_minutes=60)
    conversation = make_conversation(cast.customer)
    before = first_response(conversation.pk)
    update_customer(cast.customer, None, notes="Prefers phone calls")
    after = first_response(conversation.pk)
    assert (after.due_at, after.running_since) == (before.due_at, before.running_since)
