from datetime import timedelta

import pytest
from django.utils import timezone

from hamdel.promises import actions, feasibility
from hamdel.promises.models import Kind
from hamdel.promises.tests.factories import draft, make_history, make_promise
from hamdel.test import Cast, make_conversation

pytestmark = pytest.mark.django_db


def test_percentile_is_the_nearest_rank() -> None:
    assert feasibility.percentile(list(range(1, 101))) == 80
    assert feasibility.percentile([10] * 19 + [500]) == 10
    assert feasibility.percentile([7]) == 7


def test_with_fewer_than_20_samples_the_team_default_is_used_and_said(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    make_history(
        cast.support.pk,
        Kind.CALLBACK,
        [30] * 19,
        owner=cast.alice.user,
        customer_id=cast.customer.pk,
    )
    now = timezone.now()
    result = actions.check_feasibility(draft(cast.alice.user, hours=1), conversation, now)
    assert result.basis == "default"
    assert result.samples == 19
    assert result.typical_minutes == 120  # the built-in default for a callback
    assert not result.likely
    assert result.realistic_due_at >= now + timedelta(minutes=120)
    assert "default" in result.reasons[0]


def test_with_20_samples_the_80th_percentile_of_history_sets_the_realistic_time(
    cast: Cast,
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    minutes = [10] * 16 + [300] * 4  # the 80th percentile is 10, the 81st would be 300
    make_history(
        cast.support.pk, Kind.CALLBACK, minutes, owner=cast.alice.user, customer_id=cast.customer.pk
    )
    now = timezone.now()
    result = actions.check_feasibility(draft(cast.alice.user, hours=1), conversation, now)
    assert (result.basis, result.samples, result.typical_minutes) == ("history", 20, 10)
    assert result.likely
    assert now + timedelta(minutes=10) <= result.realistic_due_at <= now + timedelta(minutes=11)


def test_the_history_of_another_team_or_kind_does_not_count(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    make_history(
        cast.billing.pk, Kind.CALLBACK, [10] * 30, owner=cast.bob.user, customer_id=cast.customer.pk
    )
    make_history(
        cast.support.pk, Kind.REFUND, [10] * 30, owner=cast.alice.user, customer_id=cast.customer.pk
    )
    result = actions.check_feasibility(draft(cast.alice.user), conversation, timezone.now())
    assert (result.basis, result.samples) == ("default", 0)


def test_every_five_open_promises_of_the_owner_add_one_typical_duration(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    now = timezone.now()
    alone = actions.check_feasibility(draft(cast.alice.user, hours=200), conversation, now)
    for _ in range(5):
        make_promise(conversation, cast.alice.user, hours=100)
    loaded = actions.check_feasibility(draft(cast.alice.user, hours=200), conversation, now)
    assert loaded.realistic_due_at - alone.realistic_due_at == timedelta(minutes=120)
    assert any(
        reason == "Open promises of the owner due before then: 5." for reason in loaded.reasons
    )


def test_a_due_time_in_the_past_is_unlikely(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    result = actions.check_feasibility(
        draft(cast.alice.user, hours=-1), conversation, timezone.now()
    )
    assert not result.likely
    assert "The due time is in the past." in result.reasons
