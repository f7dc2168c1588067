"""Requesting compensation: granted in one step within the requester's limits, else routed
to the approver the limits name, with the reason why; bad input refused clearly."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hamdel.compensation import actions, queries
from hamdel.compensation.models import Compensation, EntryKind, State
from hamdel.compensation.tests.factories import ask, set_limit, usual_limits
from hamdel.people.models import Role
from hamdel.promises.models import Kind as PromiseKind
from hamdel.promises.models import Promise
from hamdel.test import Cast, make_conversation, make_customer
from hamdel.tickets.models import Conversation, Direction, Message


@pytest.fixture
def conversation(cast: Cast) -> Conversation:
    return make_conversation(cast.customer, team=cast.support)


def _state(compensation_id: int, cast: Cast) -> State:
    return queries.state(queries.compensation_for(cast.ada.user, compensation_id))


def test_a_refund_within_the_agents_limit_is_granted_in_one_step(
    cast: Cast, conversation: Conversation
) -> None:
    usual_limits()
    made = ask(conversation, cast.alice.user, "12.50")
    kinds = list(made.entries.order_by("pk").values_list("kind", flat=True))
    assert kinds == [EntryKind.REQUESTED, EntryKind.APPROVED]
    assert _state(made.pk, cast) == State.APPROVED
    assert made.approver_role == ""
    assert made.why_code == "within_limits"
    promise = Promise.objects.get(conversation=conversation)
    assert promise.kind == PromiseKind.REFUND
    assert promise.owner_agent == cast.alice.user
    told = Message.objects.filter(conversation=conversation, direction=Direction.OUTBOUND).get()
    assert "$12.50" in told.body_text


def test_above_the_agents_limit_it_waits_for_a_supervisor_and_says_why(
    cast: Cast, conversation: Conversation
) -> None:
    usual_limits()
    made = ask(conversation, cast.alice.user, "80.00")
    assert _state(made.pk, cast) == State.PENDING_APPROVAL
    assert made.approver_role == Role.SUPERVISOR
    assert made.why_code == "over_case"
    why = queries.rows_for(cast.sam.user, [queries.compensation_for(cast.sam.user, made.pk)])
    assert "$80.00 is above the Agent limit of $50.00 per case" in why[0].why
    assert not Promise.objects.exists()


def test_above_the_supervisors_limit_an_administrator_approves(
    cast: Cast, conversation: Conversation
) -> None:
    usual_limits()
    assert ask(conversation, cast.alice.user, "600").approver_role == Role.ADMIN
    assert ask(conversation, cast.sam.user, "600").approver_role == Role.ADMIN


def test_the_month_limit_counts_the_agents_own_grants(
    cast: Cast, conversation: Conversation
) -> None:
    set_limit(Role.AGENT, "50", "100")
    set_limit(Role.SUPERVISOR, "500", "5000")
    assert ask(conversation, cast.alice.user, "50").approver_role == ""
    assert ask(conversation, cast.alice.user, "50").approver_role == ""
    third = ask(conversation, cast.alice.user, "0.01")
    assert (third.approver_role, third.why_code) == (Role.SUPERVISOR, "over_month")
    # Another agent's month is their own.
    assert ask(conversation, cast.bob.user, "50").approver_role == ""


def test_without_a_limit_nobody_below_an_administrator_grants(
    cast: Cast, conversation: Conversation
) -> None:
    made = ask(conversation, cast.alice.user, "1.00", currency="EUR")
    assert (made.approver_role, made.why_code) == (Role.ADMIN, "no_limit")
    granted = ask(conversation, cast.ada.user, "1000.00", currency="EUR")
    assert (granted.approver_role, granted.why_code) == ("", "admin_unlimited")


def test_a_double_charge_matching_a_known_charge_is_fast_tracked(
    cast: Cast, conversation: Conversation
) -> None:
    usual_limits()
    actions.record_charge(
        reference="ORD-7",
        customer=cast.customer,
        amount="300.00",
        currency="USD",
        charged_at=None,
        actor=None,
    )
    made = ask(conversation, cast.alice.user, "300.00", reason="double_charge", reference="ORD-7")
    assert made.fast_track
    assert made.approver_role == ""
    assert made.why_code == "fast_track"
    # The same amount without the matching charge waits.
    other = ask(conversation, cast.alice.user, "300.00", reason="double_charge", reference="X")
    assert not other.fast_track
    assert other.approver_role == Role.SUPERVISOR


def test_the_approvals_queue_puts_fast_tracked_requests_first(
    cast: Cast, conversation: Conversation
) -> None:
    set_limit(Role.AGENT, "10", "1000")
    actions.record_charge(
        reference="ORD-8",
        customer=cast.customer,
        amount="900",
        currency="USD",
        charged_at=None,
        actor=None,
    )
    slow = ask(conversation, cast.alice.user, "20")
    fast = ask(conversation, cast.alice.user, "900", reason="overcharge", reference="ORD-8")
    assert fast.fast_track
    assert fast.approver_role == Role.ADMIN
    assert [c.pk for c in queries.pending_for(cast.ada.user)] == [fast.pk, slow.pk]
    assert queries.pending_for(cast.alice.user) == []


@pytest.mark.parametrize(
    ("amount", "currency", "field", "words"),
    [
        ("-5.00", "USD", "amount", "cannot be negative"),
        ("0", "USD", "amount", "more than zero"),
        ("abc", "USD", "amount", "is not an amount"),
        ("NaN", "USD", "amount", "is not an amount"),
        (12.5, "USD", "amount", "as a string"),
        ("1.005", "USD", "amount", "at most 2 decimals"),
        ("1000.50", "IRR", "amount", "at most 0 decimals"),
        ("10.00", "XYZ", "currency", "Unknown currency"),
        ("10.00", "", "currency", "Unknown currency"),
    ],
)
def test_bad_amounts_and_currencies_are_refused_clearly(
    cast: Cast, conversation: Conversation, amount: object, currency: str, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.request_compensation(
            conversation,
            actions.Draft(kind="coupon", amount=amount, currency=currency, reason="late"),
            cast.alice.user,
        )
    assert words in " ".join(refused.value.message_dict[field])
    assert not Compensation.objects.filter(conversation=conversation).exists()


def test_unknown_kind_and_reason_are_refused(cast: Cast, conversation: Conversation) -> None:
    with pytest.raises(ValidationError) as refused:
        ask(conversation, cast.alice.user, kind="cash", reason="bored")
    assert set(refused.value.message_dict) == {"kind", "reason"}


def test_more_than_the_original_charge_is_refused(cast: Cast, conversation: Conversation) -> None:
    usual_limits()
    actions.record_charge(
        reference="ORD-9",
        customer=cast.customer,
        amount="30.00",
        currency="USD",
        charged_at=None,
        actor=None,
    )
    with pytest.raises(ValidationError, match="more than is left of the original charge"):
        ask(conversation, cast.alice.user, "30.01", reference="ORD-9")
    ask(conversation, cast.alice.user, "20.00", reference="ORD-9")
    with pytest.raises(ValidationError, match=r"10\.00 of 30\.00"):
        ask(conversation, cast.alice.user, "10.01", reference="ORD-9")
    with pytest.raises(ValidationError, match="was in USD"):
        ask(conversation, cast.alice.user, "5", currency="EUR", reference="ORD-9")
    stranger = make_conversation(make_customer("Someone Else"), team=cast.support)
    with pytest.raises(ValidationError, match="another customer's charge"):
        ask(stranger, cast.alice.user, "5", reference="ORD-9")


def test_a_rejected_request_no_longer_counts_against_the_charge(
    cast: Cast, conversation: Conversation
) -> None:
    set_limit(Role.AGENT, "0", "0")
    actions.record_charge(
        reference="ORD-10",
        customer=cast.customer,
        amount="30.00",
        currency="USD",
        charged_at=None,
        actor=None,
    )
    first = ask(conversation, cast.alice.user, "30.00", reference="ORD-10")
    actions.reject_compensation(first, cast.ada.user, "duplicate request")
    assert ask(conversation, cast.alice.user, "30.00", reference="ORD-10").amount == Decimal(30)
