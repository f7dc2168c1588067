"""Reads of the phone app, each filtered by what the asking user may see.

An agent sees the calls and callbacks of their teams' queues and those assigned to them;
supervisors and administrators see every queue.
"""

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.lib.localise import zone
from hamdel.people.models import Agent, Customer, Organisation, Team
from hamdel.people.queries import agent_of, team_ids_of
from hamdel.phone import push
from hamdel.phone.models import (
    Call,
    Callback,
    CallbackStatus,
    Direction,
    Integration,
    MessageStatus,
    Outcome,
    QueueSettings,
    TakenMessage,
)
from hamdel.tickets.models import Conversation, Status
from hamdel.tickets.queries import visible_conversations


def settings_of(team_id: int | None) -> QueueSettings:
    """The queue's settings row, else the defaults (unsaved)."""
    found = QueueSettings.objects.filter(team_id=team_id).first() if team_id else None
    return found or QueueSettings()


def integration_by_token(token: str) -> Integration:
    integration = Integration.objects.filter(token=token, is_active=True).first()
    if integration is None or not token:
        raise Http404(_("No phone integration has this address."))
    return integration


def integrations() -> QuerySet[Integration]:
    return Integration.objects.select_related("team").order_by("name", "pk")


def user_for_pbx(name: str) -> User | None:
    """The active agent a PBX user name stands for: the same username or e-mail address."""
    if not name:
        return None
    return (
        User.objects.filter(Q(username=name) | Q(email__iexact=name), is_active=True)
        .filter(agent__isnull=False)
        .order_by("pk")
        .first()
    )


def user_groups(names: list[str]) -> list[str]:
    """The sockets of the agents a call rings for (the PBX's user[] names)."""
    if not names:
        return []
    ids = User.objects.filter(Q(username__in=names) | Q(email__in=names), is_active=True)
    return [push.user_group(pk) for pk in ids.values_list("pk", flat=True)]


def _team_scope(user: User) -> Q | None:
    """None for staff who see every queue; else the Q of the agent's own."""
    agent = agent_of(user)
    if agent is None:
        return Q(pk__in=[])
    if agent.sees_everything:
        return None
    return Q(team_id__in=team_ids_of(agent))


# --- callbacks --------------------------------------------------------------------------


def callbacks_for(user: User, status: str | None = None) -> QuerySet[Callback]:
    callbacks = Callback.objects.select_related("customer", "team", "promise__owner_agent")
    scope = _team_scope(user)
    if scope is not None:
        callbacks = callbacks.filter(scope | Q(promise__owner_agent=user))
    if status:
        callbacks = callbacks.filter(status=status)
    return callbacks.order_by("due_at", "pk")


def callback_for(user: User, pk: int) -> Callback:
    callback = callbacks_for(user).filter(pk=pk).first()
    if callback is None:
        raise Http404(_("No callback with this id."))
    return callback


# --- calls ------------------------------------------------------------------------------


def calls_for(user: User) -> QuerySet[Call]:
    calls = Call.objects.select_related("customer", "team", "answered_by", "conversation")
    scope = _team_scope(user)
    if scope is not None:
        calls = calls.filter(scope | Q(answered_by=user))
    return calls.order_by("-started_at", "-pk")


def call_for(user: User, pk: int) -> Call:
    call = calls_for(user).filter(pk=pk).first()
    if call is None:
        raise Http404(_("No call with this id."))
    return call


def calls_of_conversation(conversation: Conversation) -> list[Call]:
    return list(
        Call.objects.filter(conversation=conversation)
        .select_related("answered_by")
        .order_by("started_at", "pk")
    )


LOOSE_CALLS = 5  # the customer's latest calls of no conversation, offered for attaching


def unattached_calls(user: User, customer: Customer) -> list[Call]:
    return list(calls_for(user).filter(customer=customer, conversation__isnull=True)[:LOOSE_CALLS])


CUSTOMER_CALLS = 10  # the customer page shows the latest few


def calls_of_customer(user: User, customer: Customer) -> list[Call]:
    return list(calls_for(user).filter(customer=customer)[:CUSTOMER_CALLS])


def open_callbacks_of_customer(customer: Customer) -> list[Callback]:
    return list(
        Callback.objects.filter(customer=customer, status=CallbackStatus.OPEN).order_by("due_at")
    )


# --- the screen pop ---------------------------------------------------------------------

POP_CONVERSATIONS = 5


@dataclass(frozen=True)
class Pop:
    call: Call
    conversations: list[Conversation]


def pop_for(user: User, call_id: int) -> Pop | None:
    """What an agent's screen pop shows of a ringing call; None when it is not theirs."""
    call = Call.objects.select_related("customer", "team", "answered_by").filter(pk=call_id).first()
    if call is None:
        return None
    agent = agent_of(user)
    if agent is None:
        return None
    rung = user.get_username() in call.users or (user.email and user.email in call.users)
    if not (agent.sees_everything or rung or call.team_id in team_ids_of(agent)):
        return None
    conversations: list[Conversation] = []
    if call.customer is not None:
        conversations = list(
            visible_conversations(user)
            .filter(customer=call.customer)
            .exclude(status__in=[Status.SOLVED, Status.CLOSED])
            .order_by("-updated_at")[:POP_CONVERSATIONS]
        )
    return Pop(call, conversations)


# --- service level ----------------------------------------------------------------------


def service_level(
    team_id: int | None, start: datetime | None, end: datetime | None
) -> dict[str, Any]:
    """Answer speed of one queue (or all) over inbound calls that ended in [start, end).

    Offered: every ended inbound call except short abandons (hung up within the queue's
    threshold, counted apart in `short_abandons`). Answered within target: answered after
    waiting at most `target_seconds`. Service level = that / offered; abandoned = offered
    calls no agent answered (hung up, rang out, busy, voicemail); ASA = mean wait of the
    answered ones.
    """
    rules = settings_of(team_id)
    calls = Call.objects.filter(direction=Direction.INBOUND, ended_at__isnull=False)
    if team_id is not None:
        calls = calls.filter(team_id=team_id)
    if start is not None:
        calls = calls.filter(started_at__gte=start)
    if end is not None:
        calls = calls.filter(started_at__lt=end)
    short = Q(outcome=Outcome.SHORT_ABANDON)
    answered = Q(outcome=Outcome.ANSWERED)
    totals = calls.aggregate(
        ended=Count("pk"),
        short=Count("pk", filter=short),
        answered=Count("pk", filter=answered),
        within=Count("pk", filter=answered & Q(wait_seconds__lte=rules.target_seconds)),
        asa=Avg("wait_seconds", filter=answered),
    )
    offered = totals["ended"] - totals["short"]
    abandoned = offered - totals["answered"]
    return {
        "offered": offered,
        "answered": totals["answered"],
        "answered_within_target": totals["within"],
        "service_level": round(totals["within"] / offered, 4) if offered else None,
        "asa_seconds": round(float(totals["asa"]), 1) if totals["asa"] is not None else None,
        "abandoned": abandoned,
        "abandon_rate": round(abandoned / offered, 4) if offered else None,
        "target_seconds": rules.target_seconds,
        "short_abandons": totals["short"],
    }


def waiting_now(team_id: int | None) -> int:
    calls = Call.objects.filter(
        direction=Direction.INBOUND, ended_at__isnull=True, answered_at__isnull=True
    )
    return (calls.filter(team_id=team_id) if team_id else calls).count()


def open_callback_counts(team_id: int | None, now: datetime) -> tuple[int, int]:
    callbacks = Callback.objects.filter(status=CallbackStatus.OPEN)
    if team_id is not None:
        callbacks = callbacks.filter(team_id=team_id)
    counts = callbacks.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
    return counts["open"], counts["overdue"]


def wallboard_rows(now: datetime) -> list[dict[str, Any]]:
    """Today's figures of every queue (the organisation's day), for the wallboard."""
    tz = zone(Organisation.load().timezone)
    midnight = datetime.combine(timezone.localtime(now, tz).date(), time(), tzinfo=tz)
    rows = []
    for team in Team.objects.filter(phone_integrations__isnull=False).distinct().order_by("name"):
        figures = service_level(team.pk, midnight, None)
        open_count, overdue = open_callback_counts(team.pk, now)
        rows.append(
            {
                "team": team,
                **figures,
                "service_level_pct": None
                if figures["service_level"] is None
                else round(figures["service_level"] * 100, 1),
                "abandon_pct": None
                if figures["abandon_rate"] is None
                else round(figures["abandon_rate"] * 100, 1),
                "waiting": waiting_now(team.pk),
                "open_callbacks": open_count,
                "overdue_callbacks": overdue,
            }
        )
    return rows


# --- taken messages ---------------------------------------------------------------------


def messages_for(user: User) -> QuerySet[TakenMessage]:
    messages = TakenMessage.objects.select_related("customer", "for_user", "team")
    scope = _team_scope(user)
    if scope is not None:
        messages = messages.filter(scope | Q(for_user=user))
    return messages.filter(status__in=[MessageStatus.OPEN, MessageStatus.TEAM]).order_by(
        "call_back_at"
    )


def message_for(user: User, pk: int) -> TakenMessage:
    message = messages_for(user).filter(pk=pk).first()
    if message is None:
        raise Http404(_("No open message with this id."))
    return message


def colleagues() -> QuerySet[Agent]:
    return (
        Agent.objects.filter(user__is_active=True).select_related("user").order_by("user__username")
    )
