"""Who may decide a request: the role the limits name or above, never the requester."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from hamdel.compensation import actions, queries
from hamdel.compensation.models import Compensation, Entry, EntryKind, State
from hamdel.compensation.tests.factories import ask, usual_limits
from hamdel.live.models import Notification
from hamdel.people.models import Role
from hamdel.test import Cast, make_agent, make_conversation, make_customer
from hamdel.tickets.models import Conversation, Direction, Message


@pytest.fixture
def conversation(cast: Cast) -> Conversation:
    usual_limits()
    return make_conversation(cast.customer, team=cast.support)


def _state(compensation: Compensation) -> State:
    return queries.state(Compensation.objects.prefetch_related("entries").get(pk=compensation.pk))


# (approver the request needs, deciding persona, allowed)
MATRIX = [
    (Role.SUPERVISOR, "alice", False),  # an agent never approves
    (Role.SUPERVISOR, "sam", True),
    (Role.SUPERVISOR, "ada", True),
    (Role.ADMIN, "sam", False),  # above the supervisor's limit
    (Role.ADMIN, "ada", True),
]


@pytest.mark.parametrize(("needs", "who", "allowed"), MATRIX)
@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_the_approval_matrix(
    cast: Cast,
    conversation: Conversation,
    needs: str,
    who: str,
    allowed: bool,
    decision: str,
) -> None:
    requester = make_agent("carol", teams=[cast.support]).user
    made = ask(conversation, requester, "80" if needs == Role.SUPERVISOR else "800")
    assert made.approver_role == needs
    decider = getattr(cast, who).user
    run = actions.approve_compensation if decision == "approve" else actions.reject_compensation
    if not allowed:
        with pytest.raises(PermissionDenied, match="role or above"):
            run(made, decider, "looked at it")
        assert _state(made) == State.PENDING_APPROVAL
        return
    run(made, decider, "looked at it")
    expected = State.APPROVED if decision == "approve" else State.REJECTED
    assert _state(made) == expected
    decided = Entry.objects.get(
        compensation=made, kind__in=[EntryKind.APPROVED, EntryKind.REJECTED]
    )
    assert (decided.actor, decided.comment) == (decider, "looked at it")


def test_nobody_approves_their_own_request(cast: Cast, conversation: Conversation) -> None:
    mine = ask(conversation, cast.sam.user, "800")  # above the supervisor's own limit
    with pytest.raises(PermissionDenied, match="Nobody approves their own request"):
        actions.approve_compensation(mine, cast.sam.user)
    theirs = ask(conversation, cast.ada.user, "900", currency="USD")
    assert theirs.approver_role == ""  # an administrator without a USD row: no limit


def test_a_decided_request_is_not_decided_again(cast: Cast, conversation: Conversation) -> None:
    made = ask(conversation, cast.alice.user, "80")
    actions.approve_compensation(made, cast.sam.user)
    with pytest.raises(ValidationError, match="already been decided"):
        actions.approve_compensation(made, cast.ada.user)
    with pytest.raises(ValidationError, match="already been decided"):
        actions.reject_compensation(made, cast.ada.user, "no")
    assert Entry.objects.filter(compensation=made).count() == 2


def test_rejecting_needs_a_comment(cast: Cast, conversation: Conversation) -> None:
    made = ask(conversation, cast.alice.user, "80")
    with pytest.raises(ValidationError, match="Say why"):
        actions.reject_compensation(made, cast.sam.user, "  ")


def test_approvers_are_told_of_a_waiting_request_and_the_requester_of_the_decision(
    cast: Cast, conversation: Conversation
) -> None:
    made = ask(conversation, cast.alice.user, "80")
    waiting = set(
        Notification.objects.filter(kind="grant_waiting").values_list(
            "recipient__username", flat=True
        )
    )
    assert waiting == {"sam", "ada"}
    actions.approve_compensation(made, cast.sam.user)
    assert Notification.objects.filter(kind="grant_decided", recipient=cast.alice.user).exists()


def test_the_customer_is_told_in_their_language(cast: Cast) -> None:
    usual_limits()
    shirin = make_customer("Shirin Ahmadi", language="fa")
    conversation = make_conversation(shirin, team=cast.support)
    made = ask(conversation, cast.alice.user, "80")
    actions.reject_compensation(made, cast.sam.user, "policy")
    told = Message.objects.filter(conversation=conversation, direction=Direction.OUTBOUND).get()
    assert "نمی‌توانیم" in told.body_text
    assert "۸۰٫۰۰" in told.body_text or "۸۰.۰۰" in told.body_text
    with translation.override("en"):
        granted = ask(conversation, cast.alice.user, "10")
    assert granted.approver_role == ""
    approved = Message.objects.filter(conversation=conversation, direction=Direction.OUTBOUND)
    assert "تأیید شد" in approved.order_by("-pk").first().body_text  # type: ignore[union-attr]
