"""Warnings, breaches and escalations: found by one indexed query, recorded once."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hamdel.audit.models import Event
from hamdel.sla.actions import check_timer, sweep_due
from hamdel.sla.models import Metric, SlaTimer
from hamdel.sla.tests.sla_factories import make_policy
from hamdel.test import Cast, make_conversation
from hamdel.tickets.models import Conversation, Priority

pytestmark = pytest.mark.django_db


def _first_response(conversation: Conversation) -> SlaTimer:
    return SlaTimer.objects.get(conversation=conversation, metric=Metric.FIRST_RESPONSE)


def _verbs(conversation: Conversation) -> list[str]:
    return list(
        Event.objects.filter(conversation_id=conversation.pk, verb__startswith="sla.")
        .exclude(verb="sla.started")
        .order_by("id")
        .values_list("verb", flat=True)
    )


def _due(conversation: Conversation) -> datetime:
    due = _first_response(conversation).due_at
    assert due is not None
    return due


def test_warning_comes_at_the_threshold_and_only_once(cast: Cast) -> None:
    make_policy(first_response_minutes=60, warning_percent=80)
    conversation = make_conversation(cast.customer)
    timer = _first_response(conversation)
    assert timer.warn_at is not None
    assert sweep_due(timer.warn_at - timedelta(seconds=1)).warned == []
    assert sweep_due(timer.warn_at).warned == [timer.pk]
    assert sweep_due(timer.warn_at).warned == []
    assert _verbs(conversation) == ["sla.warning"]
    assert _first_response(conversation).next_check_at == timer.due_at


def test_breach_is_recorded_once_even_when_swept_twice(cast: Cast) -> None:
    make_policy()
    conversation = make_conversation(cast.customer)
    due = _due(conversation)
    first = sweep_due(due + timedelta(seconds=1))
    second = sweep_due(due + timedelta(seconds=2))
    timer = _first_response(conversation)
    assert first.breached == [timer.pk]
    assert second.breached == []
    assert timer.breached_at == due + timedelta(seconds=1)
    # The overdue sweep breaches; the warning it missed is not sent afterwards.
    assert _verbs(conversation) == ["sla.breached"]
    assert timer.next_check_at is None


def test_a_timer_checked_early_is_left_alone(cast: Cast) -> None:
    make_policy()
    conversation = make_conversation(cast.customer)
    timer = _first_response(conversation)
    assert check_timer(timer.pk, timezone.now()) is None
    assert _verbs(conversation) == []


def test_sweep_returns_clocks_due_within_the_horizon_without_touching_them(cast: Cast) -> None:
    make_policy(warning_percent=100)
    conversation = make_conversation(cast.customer)
    due = _due(conversation)
    sweep = sweep_due(due - timedelta(seconds=30), horizon=timedelta(minutes=1))
    assert sweep.upcoming == [(_first_response(conversation).pk, due)]
    assert sweep.breached == []


def test_paused_and_stopped_clocks_are_not_swept(cast: Cast) -> None:
    from hamdel.tickets.actions import change_status
    from hamdel.tickets.models import Status

    make_policy()
    conversation = make_conversation(cast.customer)
    due = _due(conversation)
    change_status(conversation, Status.WAITING, cast.alice.user)
    assert sweep_due(due + timedelta(days=1)).breached == []


def test_an_empty_sweep_is_one_query(cast: Cast) -> None:
    with CaptureQueriesContext(connection) as queries:
        sweep_due(timezone.now(), horizon=timedelta(minutes=1))
    assert len(queries) == 1
    assert "next_check_at" in queries[0]["sql"]


def test_breach_notifies_the_supervisor_of_the_team(cast: Cast) -> None:
    make_policy(notify_supervisor=True)
    conversation = make_conversation(cast.customer, team=cast.support)
    sweep_due(_due(conversation))
    escalation = Event.objects.get(conversation_id=conversation.pk, verb="sla.escalated")
    assert escalation.data["action"] == "notify_supervisor"
    assert escalation.data["supervisors"] == [cast.sam.user_id]


def test_breach_reassigns_and_raises_priority(cast: Cast) -> None:
    make_policy(escalate_to_team=cast.billing, raise_priority=True)
    conversation = make_conversation(cast.customer, team=cast.support)
    sweep_due(_due(conversation))
    conversation.refresh_from_db()
    assert conversation.team_id == cast.billing.pk
    assert conversation.priority == Priority.HIGH
    actions = [
        event.data["action"]
        for event in Event.objects.filter(
            conversation_id=conversation.pk, verb="sla.escalated"
        ).order_by("id")
    ]
    assert actions == ["reassign_team", "raise_priority"]
    assert Event.objects.filter(
        conversation_id=conversation.pk, verb="conversation.priority"
    ).exists()


def test_raising_priority_moves_live_clocks_to_the_stricter_policy(cast: Cast) -> None:
    make_policy("Urgent", position=1, priorities=[Priority.URGENT], resolution_minutes=60)
    make_policy("Normal", position=2, resolution_minutes=480)
    conversation = make_conversation(cast.customer)
    resolution = SlaTimer.objects.get(conversation=conversation, metric=Metric.RESOLUTION)
    from hamdel.tickets.actions import update_conversation

    update_conversation(conversation, cast.alice.user, priority=Priority.URGENT)
    resolution.refresh_from_db()
    assert resolution.policy is not None
    assert resolution.policy.name == "Urgent"
    assert resolution.target_seconds == 3600
    assert resolution.due_at is not None
    assert resolution.due_at - resolution.started_at < timedelta(hours=1, seconds=5)
