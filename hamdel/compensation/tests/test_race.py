"""Twenty writers at once on PostgreSQL: no entry is lost and none is doubled.

Real threads, each with its own database connection, released together by a barrier:
twenty payments of one request (one lands, the rest are replays or refused), twenty
approvals of one request (one decides), and twenty requests of one agent against a
monthly limit that fits ten (exactly ten are granted; the others wait). SQLite lets
one writer in at a time, so the race is PostgreSQL's.
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from hamdel.compensation import actions
from hamdel.compensation.models import Compensation, Entry, EntryKind
from hamdel.compensation.tests.factories import ask, set_limit
from hamdel.people.models import Role
from hamdel.test import Cast, make_cast, make_conversation
from hamdel.tickets.models import Conversation

WRITERS = 20
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world() -> tuple[Cast, Conversation]:
    if connection.vendor != "postgresql":
        pytest.skip("a race of row locks: PostgreSQL only (SQLite has one writer at a time)")
    cast = make_cast()
    return cast, make_conversation(cast.customer, team=cast.support)


def _race(work: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(WRITERS)
    results: list[Any] = [None] * WRITERS

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - the test counts each outcome
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _entries(compensation: Compensation, kind: str) -> int:
    return Entry.objects.filter(compensation=compensation, kind=kind).count()


def test_twenty_writers_at_once_lose_or_double_nothing(world: tuple[Cast, Conversation]) -> None:
    """One test, so the database is emptied once (a transactional test's teardown is slow)."""
    cast, conversation = world
    set_limit(Role.AGENT, "50", "200")
    set_limit(Role.SUPERVISOR, "500", "5000")
    _racing_payments_pay_once(cast, conversation)
    _racing_approvals_decide_once(cast, conversation)
    _racing_requests_keep_the_monthly_limit(cast, conversation)


def _racing_payments_pay_once(cast: Cast, conversation: Conversation) -> None:
    same = ask(conversation, cast.alice.user, "12.50")
    results = _race(lambda index: actions.mark_paid(same, None, "gw-1"))
    assert sorted(result.changed for result in results) == [False] * (WRITERS - 1) + [True]
    assert _entries(same, EntryKind.PAID) == 1

    other = ask(conversation, cast.alice.user, "12.50")
    results = _race(lambda index: actions.mark_paid(other, None, f"gw-{index}"))
    landed = [result for result in results if isinstance(result, actions.Paid)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert (len(landed), len(refused)) == (1, WRITERS - 1)
    assert _entries(other, EntryKind.PAID) == 1


def _racing_approvals_decide_once(cast: Cast, conversation: Conversation) -> None:
    waiting = ask(conversation, cast.alice.user, "80.00")

    def decide(index: int) -> Compensation:
        if index % 2:
            return actions.reject_compensation(waiting, cast.sam.user, "no")
        return actions.approve_compensation(waiting, cast.ada.user)

    results = _race(decide)
    assert sum(isinstance(result, Compensation) for result in results) == 1
    assert sum(isinstance(result, ValidationError) for result in results) == WRITERS - 1
    decisions = Entry.objects.filter(
        compensation=waiting, kind__in=[EntryKind.APPROVED, EntryKind.REJECTED]
    )
    assert decisions.count() == 1


def _racing_requests_keep_the_monthly_limit(cast: Cast, conversation: Conversation) -> None:
    bob = cast.bob.user  # 200 a month, nothing granted yet: twenty of 20.00: ten fit
    results = _race(lambda index: ask(conversation, bob, "20.00"))
    assert all(isinstance(result, Compensation) for result in results), results
    mine = Compensation.objects.filter(requested_by=bob)
    assert Entry.objects.filter(compensation__in=mine, kind=EntryKind.REQUESTED).count() == WRITERS
    assert Entry.objects.filter(compensation__in=mine, kind=EntryKind.APPROVED).count() == 10
    assert mine.filter(approver_role=Role.SUPERVISOR).count() == WRITERS - 10
