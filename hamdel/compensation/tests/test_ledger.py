"""Every state transition of the ledger: entries are only added, balances are sums, a
payment lands once, the refund promise is kept when it is paid."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hamdel.compensation import actions, queries
from hamdel.compensation.models import Compensation, Entry, EntryKind, State
from hamdel.compensation.tests.factories import ask, usual_limits
from hamdel.promises.models import Promise
from hamdel.promises.models import State as PromiseState
from hamdel.test import Cast, make_conversation
from hamdel.tickets.models import Conversation


@pytest.fixture
def conversation(cast: Cast) -> Conversation:
    usual_limits()
    return make_conversation(cast.customer, team=cast.support)


def _read(compensation: Compensation, cast: Cast) -> Compensation:
    return queries.compensation_for(cast.ada.user, compensation.pk)


def _snapshot(compensation: Compensation) -> list[tuple[object, ...]]:
    return list(
        Entry.objects.filter(compensation=compensation)
        .order_by("pk")
        .values_list("pk", "kind", "amount", "actor", "at", "comment", "gateway_reference")
    )


def test_requested_approved_paid_reversed(cast: Cast, conversation: Conversation) -> None:
    made = ask(conversation, cast.alice.user, "80.00")
    assert queries.state(_read(made, cast)) == State.PENDING_APPROVAL
    before = _snapshot(made)
    actions.approve_compensation(made, cast.sam.user, "fair")
    assert _snapshot(made)[: len(before)] == before  # nothing written before is changed
    read = _read(made, cast)
    assert queries.state(read) == State.APPROVED
    assert queries.balances(read) == queries.Balances(Decimal(80), Decimal(0), Decimal(80))
    promise = Promise.objects.get(conversation=conversation)
    assert promise.state == PromiseState.OPEN

    before = _snapshot(made)
    paid = actions.mark_paid(made, cast.ada.user, "gw-100", amount="80.00", currency="USD")
    assert paid.changed
    assert _snapshot(made)[: len(before)] == before
    read = _read(made, cast)
    assert queries.state(read) == State.PAID
    assert queries.balances(read) == queries.Balances(Decimal(80), Decimal(80), Decimal(0))
    promise.refresh_from_db()
    assert promise.state == PromiseState.KEPT

    actions.reverse_compensation(made, cast.ada.user, "chargeback", gateway_reference="gw-r")
    read = _read(made, cast)
    assert queries.state(read) == State.REVERSED
    assert queries.balances(read).paid == Decimal(0)
    kinds = [entry.kind for entry in read.entries.all()]
    assert kinds == ["requested", "approved", "paid", "reversed"]


def test_requested_then_rejected_is_never_paid(cast: Cast, conversation: Conversation) -> None:
    made = ask(conversation, cast.alice.user, "80.00")
    actions.reject_compensation(made, cast.sam.user, "outside the policy")
    assert queries.state(_read(made, cast)) == State.REJECTED
    with pytest.raises(ValidationError, match="Only an approved request can be paid"):
        actions.mark_paid(made, cast.ada.user, "gw-1")
    assert queries.balances(_read(made, cast)).approved == Decimal(0)


def test_a_waiting_request_is_not_paid_and_an_unpaid_one_not_reversed(
    cast: Cast, conversation: Conversation
) -> None:
    made = ask(conversation, cast.alice.user, "80.00")
    with pytest.raises(ValidationError, match="Only an approved request can be paid"):
        actions.mark_paid(made, cast.ada.user, "gw-1")
    with pytest.raises(ValidationError, match="Only a paid request can be reversed"):
        actions.reverse_compensation(made, cast.ada.user, "oops")
    actions.approve_compensation(made, cast.sam.user)
    with pytest.raises(ValidationError, match="Only a paid request can be reversed"):
        actions.reverse_compensation(made, cast.ada.user, "oops")


def test_paying_again_with_the_same_reference_changes_nothing(
    cast: Cast, conversation: Conversation
) -> None:
    made = ask(conversation, cast.alice.user, "12.50")
    assert actions.mark_paid(made, None, "gw-7").changed
    before = _snapshot(made)
    assert not actions.mark_paid(made, None, "gw-7").changed
    assert _snapshot(made) == before
    with pytest.raises(ValidationError, match=r"already paid \(reference gw-7\)"):
        actions.mark_paid(made, None, "gw-8")
    assert _snapshot(made) == before
    assert actions.reverse_compensation(made, None, "back").changed
    assert not actions.reverse_compensation(made, None, "back").changed


def test_a_payment_of_another_amount_is_refused(cast: Cast, conversation: Conversation) -> None:
    made = ask(conversation, cast.alice.user, "12.50")
    with pytest.raises(ValidationError, match="the request is 12.50"):
        actions.mark_paid(made, None, "gw-7", amount="12.00")
    with pytest.raises(ValidationError, match="the request is 12.50"):
        actions.mark_paid(made, None, "gw-7", amount="12.50", currency="EUR")


def test_the_database_refuses_a_second_payment_or_decision(
    cast: Cast, conversation: Conversation
) -> None:
    """The last guard, below the row lock: even a writer that skipped the action fails."""
    made = ask(conversation, cast.alice.user, "12.50")
    actions.mark_paid(made, None, "gw-7")
    fields = {"amount": made.amount, "currency": "USD", "at": made.requested_at}
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(compensation=made, kind=EntryKind.PAID, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(compensation=made, kind=EntryKind.REJECTED, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(
            compensation=made,
            kind=EntryKind.REVERSED,
            amount=Decimal(-1),
            currency="USD",
            at=made.requested_at,
        )


def test_a_coupon_has_no_refund_promise(cast: Cast, conversation: Conversation) -> None:
    ask(conversation, cast.alice.user, "5.00", kind="coupon")
    assert not Promise.objects.exists()
