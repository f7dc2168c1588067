from datetime import timedelta

import pytest
from django.utils import timezone

from hamdel.audit.models import Event
from hamdel.live.models import Notification
from hamdel.promises import actions
from hamdel.promises.declarations import OVERDUE, REMINDER
from hamdel.promises.models import State
from hamdel.promises.tests.factories import make_promise
from hamdel.test import Cast, make_conversation

pytestmark = pytest.mark.django_db


def test_the_owner_is_reminded_once_before_the_due_time(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    promise = make_promise(conversation, cast.alice.user, hours=48)
    assert actions.sweep_promises(timezone.now()).reminded == []
    at_reminder = promise.due_at - timedelta(minutes=10)
    assert actions.sweep_promises(at_reminder).reminded == [promise.pk]
    assert actions.sweep_promises(at_reminder).reminded == []
    assert Notification.objects.get(kind=REMINDER).recipient == cast.alice.user


def test_a_promise_past_due_is_broken_once_and_the_supervisor_told(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    promise = make_promise(conversation, cast.alice.user, hours=1)
    later = promise.due_at + timedelta(minutes=1)
    assert actions.sweep_promises(later).broken == [promise.pk]
    assert actions.sweep_promises(later + timedelta(hours=1)).broken == []
    assert actions.break_overdue(promise.pk, later) is False
    promise.refresh_from_db()
    assert promise.state == State.BROKEN
    assert Event.objects.filter(verb="promise.broken").count() == 1
    told = set(
        Notification.objects.filter(kind=OVERDUE).values_list("recipient__username", flat=True)
    )
    assert told == {"sam", "alice"}


def test_a_broken_promise_kept_late_stays_counted_broken(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    promise = make_promise(conversation, cast.alice.user, hours=1)
    actions.sweep_promises(promise.due_at + timedelta(minutes=1))
    kept = actions.keep_promise(promise, cast.alice.user, at=promise.due_at + timedelta(hours=2))
    assert kept.state == State.KEPT
    assert kept.broken_at is not None
    assert not kept.kept_on_time
