import pytest

from hamdel.audit.models import Event
from hamdel.promises import demo
from hamdel.promises.models import Promise, State
from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import assign_conversation

pytestmark = pytest.mark.django_db


def test_the_demo_makes_open_promises_and_a_history_once(cast: Cast) -> None:
    for _ in range(3):
        conversation = make_conversation(cast.customer, team=cast.support)
        assign_conversation(conversation, None, assignee=cast.alice.user)
    demo.load({})
    assert Promise.objects.filter(state=State.OPEN).count() == 3
    kept = Promise.objects.filter(state=State.KEPT, team=cast.support)
    assert kept.count() == sum(demo.HISTORY.values())
    demo.load({})
    assert Promise.objects.filter(state=State.OPEN).count() == 3


def test_the_demo_writes_no_event_out_of_the_trails_time_order(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    assign_conversation(conversation, None, assignee=cast.alice.user)
    demo.load({})
    promise = Promise.objects.get(state=State.OPEN)
    assert promise.created_at < promise.remind_at  # type: ignore[operator]
    assert not Event.objects.filter(subject_type="promise").exists()
