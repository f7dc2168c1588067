"""Which policy a conversation gets, and which clocks start with it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hamdel.people.actions import update_customer
from hamdel.people.models import Tier
from hamdel.sla.actions import apply_policy
from hamdel.sla.models import Metric, SlaTimer, TimerState
from hamdel.sla.tests.sla_factories import make_policy
from hamdel.test import Cast, make_conversation
from hamdel.tickets.models import Channel, Direction, Priority

pytestmark = pytest.mark.django_db


def test_customer_writing_first_starts_first_response_and_resolution_clocks(cast: Cast) -> None:
    make_policy()
    conversation = make_conversation(cast.customer)
    timers = {timer.metric: timer for timer in SlaTimer.objects.filter(conversation=conversation)}
    assert set(timers) == {Metric.FIRST_RESPONSE, Metric.RESOLUTION}
    first = timers[Metric.FIRST_RESPONSE]
    assert first.state == TimerState.RUNNING
    # No calendar anywhere: round the clock, so due exactly one hour later.
    assert first.due_at == first.started_at + timedelta(hours=1)
    assert first.warn_at == first.started_at + timedelta(minutes=48)
    assert first.next_check_at == first.warn_at


def test_conversation_the_agent_started_has_only_a_resolution_clock(cast: Cast) -> None:
    make_policy()
    conversation = make_conversation(
        cast.customer, direction=Direction.OUTBOUND, actor=cast.alice.user
    )
    metrics = set(
        SlaTimer.objects.filter(conversation=conversation).values_list("metric", flat=True)
    )
    assert metrics == {Metric.RESOLUTION}


def test_first_matching_policy_by_position_wins(cast: Cast) -> None:
    make_policy("Urgent phone", position=1, channels=[Channel.PHONE], first_response_minutes=5)
    make_policy("VIP", position=2, tiers=[Tier.VIP], first_response_minutes=15)
    make_policy("Everyone", position=3, first_response_minutes=60)
    update_customer(cast.customer, None, tier=Tier.VIP)
    conversation = make_conversation(cast.customer)
    first = SlaTimer.objects.get(conversation=conversation, metric=Metric.FIRST_RESPONSE)
    assert first.policy is not None
    assert first.policy.name == "VIP"
    assert first.target_seconds == 15 * 60


def test_policy_limited_to_a_team_ignores_other_teams(cast: Cast) -> None:
    make_policy("Billing only", position=1, teams=[cast.billing], first_response_minutes=10)
    make_policy("Default", position=2)
    conversation = make_conversation(cast.customer, team=cast.support)
    first = SlaTimer.objects.get(conversation=conversation, metric=Metric.FIRST_RESPONSE)
    assert first.policy is not None
    assert first.policy.name == "Default"


def test_policy_without_a_target_starts_no_clock_for_it(cast: Cast) -> None:
    make_policy(resolution_minutes=None, priorities=[Priority.NORMAL])
    conversation = make_conversation(cast.customer)
    assert list(
        SlaTimer.objects.filter(conversation=conversation).values_list("metric", flat=True)
    ) == [Metric.FIRST_RESPONSE]


def test_no_matching_policy_means_no_clocks(cast: Cast) -> None:
    make_policy(channels=[Channel.PHONE])
    conversation = make_conversation(cast.customer, channel=Channel.EMAIL)
    assert not SlaTimer.objects.filter(conversation=conversation).exists()


def test_applying_twice_starts_nothing_new(cast: Cast) -> None:
    make_policy()
    conversation = make_conversation(cast.customer)
    assert apply_policy(conversation, timezone.now(), awaits_reply=True) == []
    assert SlaTimer.objects.filter(conversation=conversation).count() == 2
