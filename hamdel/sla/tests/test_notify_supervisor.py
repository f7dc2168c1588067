"""Escalation "notify supervisor": an event on the timeline and an in-app notification."""

from datetime import timedelta

import pytest

from hamdel.audit.models import Event
from hamdel.live.models import Notification
from hamdel.sla.actions import sweep_due
from hamdel.sla.models import Metric, SlaTimer
from hamdel.sla.tests.sla_factories import make_policy
from hamdel.test import Cast, make_conversation

pytestmark = pytest.mark.django_db


def breach_first_response(cast: Cast) -> int:
    make_policy(notify_supervisor=True, resolution_minutes=None)
    conversation = make_conversation(cast.customer, team=cast.support)
    timer = SlaTimer.objects.get(conversation=conversation, metric=Metric.FIRST_RESPONSE)
    assert timer.due_at is not None
    assert sweep_due(timer.due_at + timedelta(seconds=1)).breached == [timer.pk]
    return conversation.pk


def test_a_breach_is_an_escalation_event_naming_the_teams_supervisors(cast: Cast) -> None:
    conversation_id = breach_first_response(cast)
    escalation = Event.objects.get(conversation_id=conversation_id, verb="sla.escalated")
    assert escalation.data["supervisors"] == [cast.sam.user_id]


def test_each_supervisor_of_the_team_is_notified_in_the_app(cast: Cast) -> None:
    conversation_id = breach_first_response(cast)
    notified = Notification.objects.get()
    assert (notified.recipient_id, notified.conversation_id) == (cast.sam.user_id, conversation_id)
    assert notified.kind == "sla_breach"
    assert notified.actor is None


def test_a_second_sweep_notifies_nobody_again(cast: Cast) -> None:
    breach_first_response(cast)
    timer = SlaTimer.objects.get(metric=Metric.FIRST_RESPONSE)
    assert timer.due_at is not None
    assert sweep_due(timer.due_at + timedelta(seconds=2)).breached == []
    assert Notification.objects.count() == 1
