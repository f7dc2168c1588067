"""Escalation "notify supervisor": an event always; an in-app notification once live has a kind."""

from datetime import timedelta

import pytest

from hamdel.audit.models import Event
from hamdel.live.models import Notification, NotificationKind
from hamdel.sla import actions
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


def test_without_a_breach_kind_in_live_the_supervisor_gets_the_timeline_event_only(
    cast: Cast,
) -> None:
    assert "SLA_BREACH" not in NotificationKind.__members__  # live has no such kind yet
    conversation_id = breach_first_response(cast)
    escalation = Event.objects.get(conversation_id=conversation_id, verb="sla.escalated")
    assert escalation.data["supervisors"] == [cast.sam.user_id]
    assert not Notification.objects.exists()


def test_once_live_has_a_breach_kind_each_supervisor_of_the_team_is_notified(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(actions, "_breach_notification_kind", lambda: NotificationKind.MENTION)
    conversation_id = breach_first_response(cast)
    notified = Notification.objects.get()
    assert (notified.recipient_id, notified.conversation_id) == (cast.sam.user_id, conversation_id)
    assert notified.actor is None
