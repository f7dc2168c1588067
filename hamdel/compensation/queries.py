"""Reads of compensation, each filtered by what the asking user may see.

A request is seen by whoever may open its conversation. A request's state and balances
are read from its ledger entries (prefetched: one query for any number of requests).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from hamdel.compensation import limits
from hamdel.compensation.models import (
    DECISIONS,
    Compensation,
    Entry,
    EntryKind,
    Limit,
    State,
    state_of,
)
from hamdel.people.models import Role
from hamdel.people.queries import agent_of
from hamdel.tickets.models import Conversation
from hamdel.tickets.queries import visibility_filter

MAX_LISTED = 200


def _with_entries(compensations: QuerySet[Compensation]) -> QuerySet[Compensation]:
    return compensations.select_related(
        "conversation", "customer", "requested_by", "charge"
    ).prefetch_related(
        Prefetch("entries", queryset=Entry.objects.select_related("actor").order_by("at", "pk"))
    )


def visible_compensations(user: User) -> QuerySet[Compensation]:
    compensations = Compensation.objects.all()
    condition = visibility_filter(user)
    if condition is not None:
        visible = Conversation.objects.filter(condition).values("pk")
        compensations = compensations.filter(conversation__in=visible)
    return compensations


def compensation_for(user: User, compensation_id: int) -> Compensation:
    found = _with_entries(visible_compensations(user)).filter(pk=compensation_id).first()
    if found is None:
        raise Http404(_("No compensation request with this id."))
    return found


def compensations_of_conversation(conversation: Conversation) -> list[Compensation]:
    """Call with a conversation the user may open (tickets.queries.conversation_for)."""
    compensations = Compensation.objects.filter(conversation=conversation)
    return list(_with_entries(compensations).order_by("-requested_at", "-pk")[:MAX_LISTED])


def pending_for(user: User) -> list[Compensation]:
    """Requests waiting for a decision this user may take: fast-tracked first, then oldest."""
    agent = agent_of(user)
    if agent is None:
        return []
    roles = [role for role, rank in limits.RANK.items() if rank <= limits.RANK[Role(agent.role)]]
    decided = Entry.objects.filter(compensation=OuterRef("pk"), kind__in=DECISIONS)
    waiting = (
        visible_compensations(user)
        .filter(approver_role__in=roles)
        .exclude(Exists(decided))
        .exclude(requested_by=user)
    )
    return list(_with_entries(waiting).order_by("-fast_track", "requested_at", "pk")[:MAX_LISTED])


def state(compensation: Compensation) -> State:
    """From the prefetched entries when there are some (no query then)."""
    return state_of({entry.kind for entry in compensation.entries.all()})


@dataclass(frozen=True)
class Balances:
    approved: Decimal  # committed to the customer
    paid: Decimal  # paid out, less what came back
    outstanding: Decimal  # approved and not yet paid


def balances(compensation: Compensation) -> Balances:
    """Sums of the ledger; nothing is stored as a running total."""
    sums = {kind: Decimal(0) for kind in EntryKind.values}
    for entry in compensation.entries.all():
        sums[entry.kind] += entry.amount
    approved = sums[EntryKind.APPROVED]
    paid = sums[EntryKind.PAID] - sums[EntryKind.REVERSED]
    return Balances(approved, paid, approved - sums[EntryKind.PAID])


def may_decide(user: User, compensation: Compensation) -> bool:
    agent = agent_of(user)
    return (
        agent is not None
        and compensation.requested_by_id != user.pk
        and state(compensation) == State.PENDING_APPROVAL
        and limits.may_decide(agent.role, compensation.approver_role)
    )


def usual_currency() -> str:
    """The currency agents are most likely to grant in: that of the first agent limit."""
    first = Limit.objects.filter(role=Role.AGENT).order_by("pk").values_list("currency", flat=True)
    return first.first() or ""


def all_limits() -> list[Limit]:
    return list(Limit.objects.order_by("currency", "role"))


def compensation_for_gateway(compensation_id: int) -> Compensation:
    """For the payment gateway's webhook, whose signature stands for a user."""
    return _with_entries(Compensation.objects.filter(pk=compensation_id)).get()


@dataclass(frozen=True)
class Row:
    """A request as a page shows it: its state, why, and whether the reader may decide."""

    compensation: Compensation
    state: State
    why: str
    may_decide: bool
    balances: Balances


def rows_for(user: User, compensations: list[Compensation]) -> list[Row]:
    language = translation.get_language() or "en"
    return [
        Row(
            compensation=compensation,
            state=state(compensation),
            why=limits.why_text(compensation, language),
            may_decide=may_decide(user, compensation),
            balances=balances(compensation),
        )
        for compensation in compensations
    ]
