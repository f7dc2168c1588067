from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hamdel.audit.models import Event
from hamdel.promises import actions
from hamdel.promises.models import State
from hamdel.promises.tests.factories import make_promise
from hamdel.test import Cast, make_conversation

pytestmark = pytest.mark.django_db


def test_keeping_records_the_business_minutes_it_took(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    made = timezone.now() - timedelta(minutes=90)
    promise = make_promise(conversation, cast.alice.user, hours=48, now=made)
    kept = actions.keep_promise(promise, cast.alice.user)
    assert kept.state == State.KEPT
    assert kept.kept_on_time
    # Support has no calendar: round the clock, so business time is elapsed time.
    assert kept.kept_business_minutes == 90
    event = Event.objects.get(verb="promise.kept")
    assert event.data == {**event.data, "on_time": True, "by": "owner"}


def test_a_kept_promise_cannot_be_kept_or_cancelled_again(cast: Cast) -> None:
    promise = make_promise(make_conversation(cast.customer), cast.alice.user)
    actions.keep_promise(promise, cast.alice.user)
    with pytest.raises(ValidationError):
        actions.keep_promise(promise, cast.alice.user)
    with pytest.raises(ValidationError):
        actions.cancel_promise(promise, cast.alice.user, "changed my mind")


def test_cancelling_needs_a_reason_and_records_it(cast: Cast) -> None:
    promise = make_promise(make_conversation(cast.customer), cast.alice.user)
    with pytest.raises(ValidationError):
        actions.cancel_promise(promise, cast.alice.user, "  ")
    cancelled = actions.cancel_promise(promise, cast.alice.user, "The customer will come by")
    assert (cancelled.state, cancelled.reason) == (State.CANCELLED, "The customer will come by")
    assert Event.objects.get(verb="promise.cancelled").data["reason"] == cancelled.reason
