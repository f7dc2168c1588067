from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hamdel.audit.models import Event
from hamdel.promises import actions
from hamdel.promises.models import Promise, State
from hamdel.promises.tests.factories import draft, make_promise
from hamdel.test import Cast, make_conversation

pytestmark = pytest.mark.django_db


def test_an_unlikely_time_needs_a_reason_and_nothing_is_saved_without_one(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    with pytest.raises(ValidationError) as refused:
        actions.make_promise(
            draft(cast.alice.user, hours=0.5),
            customer=cast.customer,
            conversation=conversation,
            actor=cast.alice.user,
        )
    assert "unlikely_reason" in refused.value.message_dict
    assert not Promise.objects.exists()
    assert not Event.objects.filter(verb="promise.made").exists()


def test_an_unlikely_time_with_a_reason_is_saved_with_the_realistic_time_beside_it(
    cast: Cast,
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    promise = make_promise(conversation, cast.alice.user, hours=0.5, reason="VIP, I call first")
    assert promise.state == State.OPEN
    assert promise.unlikely_reason == "VIP, I call first"
    assert promise.realistic_due_at is not None
    assert promise.realistic_due_at > promise.due_at
    assert promise.team == cast.support
    event = Event.objects.get(verb="promise.made")
    assert event.conversation_id == conversation.pk
    assert event.data["feasibility"]["likely"] is False


def test_a_likely_time_needs_no_reason_and_keeps_none(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    promise = make_promise(conversation, cast.alice.user, hours=72, reason="ignored")
    assert promise.unlikely_reason == ""
    assert promise.remind_at is not None
    assert (promise.due_at - promise.remind_at).total_seconds() == 30 * 60


def test_a_promise_needs_an_owner(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    with pytest.raises(ValidationError) as refused:
        actions.make_promise(
            actions.PromiseDraft(kind="callback", due_at=draft(cast.alice.user).due_at),
            customer=cast.customer,
            conversation=conversation,
            actor=cast.alice.user,
        )
    assert "owner_agent_id" in refused.value.message_dict


def test_a_team_may_own_a_promise(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    promise = actions.make_promise(
        actions.PromiseDraft(
            kind="fix", due_at=draft(cast.alice.user, hours=400).due_at, owner_team=cast.billing
        ),
        customer=cast.customer,
        conversation=conversation,
        actor=cast.alice.user,
    )
    assert promise.owner_agent is None
    assert promise.team == cast.billing


def test_the_realistic_time_shown_a_minute_ago_is_still_taken_as_realistic(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    earlier = timezone.now() - timedelta(minutes=3)
    shown = actions.check_feasibility(draft(cast.alice.user, hours=0.5), conversation, earlier)
    promise = actions.make_promise(
        actions.PromiseDraft(
            kind="callback", due_at=shown.realistic_due_at, owner_agent=cast.alice.user
        ),
        customer=cast.customer,
        conversation=conversation,
        actor=cast.alice.user,
        shown_realistic=shown.realistic_due_at,
    )
    assert promise.unlikely_reason == ""
    assert Event.objects.get(verb="promise.made").data["feasibility"]["likely"] is True
