"""Every write of staffing: queues, shifts, presence, the pulse, and routing items."""

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.audit.models import Event
from hamdel.people import actions as people_actions
from hamdel.people.models import Agent, Presence, Team
from hamdel.promises.actions import assign_promise
from hamdel.staffing import events, routing
from hamdel.staffing.declarations import ROUTED
from hamdel.staffing.models import (
    Activity,
    Decision,
    Item,
    ItemKind,
    ItemState,
    Outcome,
    PulseAnswer,
    PulseTaken,
    Queue,
    Shift,
)
from hamdel.tickets import signals as ticket_signals
from hamdel.tickets.actions import assign_conversation
from hamdel.tickets.models import ACTIVE, Category, Conversation

Actor = User | None

# Available agents with no activity for this long are marked away by the minute job.
IDLE_AFTER = timedelta(minutes=15)
# Waiting items routed per team by one drain; the next minute routes the rest.
DRAIN_BATCH = 200
QUEUE_FIELDS = (
    "routing_enabled",
    "target_sl",
    "target_seconds",
    "aht_seconds",
    "patience_seconds",
    "shrinkage",
    "capacity",
)


def queue_of(team: Team) -> Queue:
    return Queue.objects.get_or_create(team=team)[0]


def update_queue(team: Team, actor: Actor, **changes: Any) -> Queue:
    unknown = set(changes) - set(QUEUE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown setting.") for name in unknown})
    queue = queue_of(team)
    for name, value in changes.items():
        setattr(queue, name, value)
    if not 0 < queue.target_sl < 1:
        raise ValidationError({"target_sl": _("The target is a share between 0 and 1.")})
    if not 0 <= queue.shrinkage < 1:
        raise ValidationError({"shrinkage": _("Shrinkage is a share from 0 up to 1.")})
    if queue.aht_seconds < 1:
        raise ValidationError({"aht_seconds": _("The handling time must be positive.")})
    if not isinstance(queue.capacity, dict) or not all(
        isinstance(v, int) and v > 0 for v in queue.capacity.values()
    ):
        raise ValidationError({"capacity": _("Each channel's capacity is a positive number.")})
    with transaction.atomic():
        queue.save()
    if changes.get("routing_enabled"):
        route_waiting([team.pk])
    return queue


# Shifts


def add_shift(agent: Agent, team: Team, start: datetime, end: datetime, actor: Actor) -> Shift:
    if end <= start:
        raise ValidationError({"end": _("A shift ends after it starts.")})
    if end - start > timedelta(hours=24):
        raise ValidationError({"end": _("A shift lasts at most 24 hours.")})
    if Shift.objects.filter(agent=agent, start__lt=end, end__gt=start).exists():
        raise ValidationError({"start": _("The agent already has a shift then.")})
    with transaction.atomic():
        return Shift.objects.create(agent=agent, team=team, start=start, end=end)


def remove_shift(shift: Shift, actor: Actor) -> None:
    with transaction.atomic():
        shift.delete()


# Presence and activity


def set_presence(agent: Agent, presence: str, actor: Actor, *, by: str = "agent") -> Agent:
    """The agent's own choice (by="agent") or the system's reading of activity."""
    old = agent.presence
    with transaction.atomic():
        people_actions.set_presence(agent, presence)
        defaults: dict[str, Any] = {"presence_set_by": by}
        if by == "agent":  # a choice is activity; the system's own reading is not
            defaults["last_active_at"] = timezone.now()
        Activity.objects.update_or_create(agent=agent, defaults=defaults)
        if old != presence:
            events.presence_set(agent, old, presence, by, actor)
    if presence == Presence.AVAILABLE and old != presence:
        route_waiting(list(agent.teams.values_list("pk", flat=True)))
    return agent


def mark_idle_away(now: datetime) -> tuple[list[int], list[int]]:
    """Available agents with nothing in the audit trail for IDLE_AFTER are away (routing
    stops offering them work); those the job marked away who act again are available.
    Activity is read from the audit trail, so replies and notes pay nothing for it."""
    since = now - IDLE_AFTER
    recent = set(
        Event.objects.filter(created_at__gte=since, actor__isnull=False)
        .values_list("actor_id", flat=True)
        .distinct()
    ) | set(
        Activity.objects.filter(last_active_at__gte=since).values_list("agent__user_id", flat=True)
    )
    idle = list(Agent.objects.filter(presence=Presence.AVAILABLE).exclude(user_id__in=recent))
    back = list(
        Agent.objects.filter(
            presence=Presence.AWAY,
            staffing_activity__presence_set_by="activity",
            user_id__in=recent,
        )
    )
    for agent in idle:
        set_presence(agent, Presence.AWAY, None, by="activity")
    for agent in back:
        set_presence(agent, Presence.AVAILABLE, None, by="activity")
    return [agent.pk for agent in idle], [agent.pk for agent in back]


# The weekly pulse


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def answer_pulse(agent: Agent, *, mood: int, workload: int, support: int, today: date) -> None:
    """Store the answers apart from who gave them; once a week per agent."""
    errors = {
        name: _("Choose from 1 to 5.")
        for name, value in (("mood", mood), ("workload", workload), ("support", support))
        if not 1 <= value <= 5
    }
    if errors:
        raise ValidationError(errors)
    week = week_of(today)
    team = agent.teams.order_by("pk").first()
    try:
        with transaction.atomic():
            PulseTaken.objects.create(agent=agent, week=week)
            PulseAnswer.objects.create(
                team=team, week=week, mood=mood, workload=workload, support=support
            )
    except IntegrityError as error:
        raise ValidationError(_("You already answered this week's pulse.")) from error


# Routing


def _conversation_need(conversation: Conversation) -> tuple[str, int]:
    skill = routing.CATEGORY_SKILLS.get(conversation.category, "")
    priority = routing.priority_of(
        complaint=conversation.category == Category.COMPLAINT,
        tier=conversation.customer.tier,
        urgency=conversation.priority,
    )
    return skill, priority


def routing_on(team_id: int | None) -> bool:
    return (
        team_id is not None and Queue.objects.filter(team_id=team_id, routing_enabled=True).exists()
    )


def enqueue_conversation(conversation: Conversation) -> Item | None:
    """A new (or reopened) unassigned conversation of a routing team waits for an agent."""
    if conversation.assignee_id is not None or conversation.status not in ACTIVE:
        return None
    if not routing_on(conversation.team_id):
        return None
    if Item.objects.filter(
        conversation=conversation, state__in=[ItemState.WAITING, ItemState.ASSIGNED]
    ).exists():
        return None
    skill, priority = _conversation_need(conversation)
    team_id = conversation.team_id or 0  # routing_on checked there is one
    with transaction.atomic():
        item = Item.objects.create(
            kind=ItemKind.CONVERSATION,
            conversation=conversation,
            team_id=team_id,
            channel=conversation.channel,
            language=conversation.language or conversation.customer.language,
            skill=skill,
            priority=priority,
        )
        route_item(item, conversation=conversation)
    return item


def enqueue_callback(
    promise_id: int, team: Team, conversation: Conversation | None, language: str, tier: str
) -> Item | None:
    """A callback the team owns (no owner agent yet) waits for an agent who can call."""
    if not routing_on(team.pk) or Item.objects.filter(promise_id=promise_id).exists():
        return None
    with transaction.atomic():
        item = Item.objects.create(
            kind=ItemKind.CALLBACK,
            conversation=conversation,
            promise_id=promise_id,
            team=team,
            channel="phone",
            language=language,
            priority=routing.priority_of(complaint=False, tier=tier, urgency="high"),
        )
        route_item(item)
    return item


def _loads(team_id: int, channel: str) -> dict[int, int]:
    """Open items per agent of the team on a channel: active conversations plus routed
    callbacks. Joined through the team, not an IN list of 500 ids (slow to build)."""
    loads: dict[int, int] = {}
    for assignee, n in (
        Conversation.objects.filter(
            assignee__agent__teams=team_id, status__in=ACTIVE, channel=channel
        )
        .values("assignee")
        .annotate(n=Count("id"))
        .values_list("assignee", "n")
    ):
        loads[assignee] = n
    for assignee, n in (
        Item.objects.filter(
            assignee__agent__teams=team_id,
            state=ItemState.ASSIGNED,
            kind=ItemKind.CALLBACK,
            channel=channel,
        )
        .values("assignee")
        .annotate(n=Count("id"))
        .values_list("assignee", "n")
    ):
        loads[assignee] = loads.get(assignee, 0) + n
    return loads


@lru_cache(maxsize=4096)
def _words(text: str | None) -> frozenset[str]:
    words = json.loads(text) if text else []
    return frozenset(str(word) for word in words) if isinstance(words, list) else frozenset()


def team_candidates(team_id: int, channel: str) -> list[routing.Candidate]:
    """The team's active agents as routing sees them: two queries, whatever the size."""
    queue = Queue.objects.filter(team_id=team_id).first() or Queue(team_id=team_id)
    capacity = queue.capacity_of(channel)
    # languages and skills as their JSON text, parsed once per distinct text (_words):
    # decoding 1,000 JSON values per decision was most of its time with 500 agents
    rows = list(
        Agent.objects.filter(teams=team_id, user__is_active=True)
        .annotate(
            language_text=Cast("languages", TextField()), skill_text=Cast("skills", TextField())
        )
        .values_list(
            "user_id",
            "user__username",
            "presence",
            "language_text",
            "skill_text",
            "staffing_activity__last_routed_at",
        )
    )
    loads = _loads(team_id, channel)
    return [
        routing.Candidate(
            user_id=user_id,
            name=name,
            available=presence == Presence.AVAILABLE,
            languages=_words(languages),
            skills=_words(skills),
            load=loads.get(user_id, 0),
            capacity=capacity,
            last_routed_at=last,
        )
        for user_id, name, presence, languages, skills, last in rows
    ]


def route_item(
    item: Item, now: datetime | None = None, conversation: Conversation | None = None
) -> Decision | None:
    """Offer a waiting item to the best agent, or record why it waits (once per reason).

    `conversation`: the item's conversation as the caller holds it, so the caller sees the
    assignment on its own object."""
    now = now or timezone.now()
    with transaction.atomic():
        item = (
            Item.objects.select_for_update(of=("self",))
            .select_related("conversation")
            .get(pk=item.pk)
        )
        if conversation is not None:
            item.conversation = conversation
        if item.state != ItemState.WAITING:
            return None
        need = routing.Need(item.language, item.skill, frozenset(item.declined_by))
        choice = routing.choose(need, team_candidates(item.team_id, item.channel))
        if choice.candidate is None:
            last = item.decisions.first()
            if last is not None and last.outcome == Outcome.WAITING and last.facts == choice.facts:
                return None  # still waiting for the same reason: nothing new to say
            decision = Decision.objects.create(
                item=item, outcome=Outcome.WAITING, facts=choice.facts
            )
            events.item_routed(item, Outcome.WAITING, decision.explanation)
            return decision
        user = User.objects.get(pk=choice.candidate.user_id)
        item.state, item.assignee, item.assigned_at = ItemState.ASSIGNED, user, now
        item.save(update_fields=["state", "assignee", "assigned_at"])
        Activity.objects.update_or_create(
            agent=Agent.objects.get(user=user), defaults={"last_routed_at": now}
        )
        decision = Decision.objects.create(
            item=item, outcome=Outcome.ASSIGNED, agent=user, facts=choice.facts
        )
        events.item_routed(item, Outcome.ASSIGNED, decision.explanation)
        if item.promise_id is not None:  # a callback: its promise gets the agent as owner
            assign_promise(item.promise_id, user, None)
        if item.conversation is not None:
            if item.kind == ItemKind.CONVERSATION:
                assign_conversation(item.conversation, None, assignee=user)
            # live hears this and pushes it to the agent's open pages on commit
            ticket_signals.notification_requested.send(
                sender=Item,
                recipients=[user],
                kind=ROUTED,
                conversation=item.conversation,
                actor=None,
            )
        return decision


def route_waiting(team_ids: list[int] | None = None) -> int:
    """Route the waiting items of routing teams, most urgent first; returns how many went."""
    teams = Queue.objects.filter(routing_enabled=True)
    if team_ids is not None:
        teams = teams.filter(team_id__in=team_ids)
    routed = 0
    for team_id in teams.values_list("team_id", flat=True):
        waiting = Item.objects.filter(team_id=team_id, state=ItemState.WAITING).order_by(
            "-priority", "created_at", "pk"
        )[:DRAIN_BATCH]
        for item in waiting:
            decision = route_item(item)
            routed += bool(decision and decision.outcome == Outcome.ASSIGNED)
    return routed


@dataclass(frozen=True)
class Declined:
    item: Item
    next_decision: Decision | None


def decline_item(item: Item, user: User, reason: str) -> Declined:
    """The agent hands the item back with a reason; it goes to the next agent who fits."""
    reason = reason.strip()[:200]
    if not reason:
        raise ValidationError({"reason": _("Say why you decline it.")})
    with transaction.atomic():
        item = (
            Item.objects.select_for_update(of=("self",))
            .select_related("conversation")
            .get(pk=item.pk)
        )
        if item.state != ItemState.ASSIGNED or item.assignee_id != user.pk:
            raise ValidationError({"item": _("This item is not offered to you.")})
        item.state, item.assignee, item.assigned_at = ItemState.WAITING, None, None
        item.declined_by = [*item.declined_by, user.pk]
        item.save(update_fields=["state", "assignee", "assigned_at", "declined_by"])
        decision = Decision.objects.create(
            item=item,
            outcome=Outcome.DECLINED,
            agent=user,
            facts={"agent": user.get_username(), "reason": reason},
        )
        events.item_routed(item, Outcome.DECLINED, decision.explanation, actor=user)
        if item.kind == ItemKind.CONVERSATION and item.conversation is not None:
            assign_conversation(item.conversation, user, assignee=None)
        if item.promise_id is not None:  # back to the team until someone else takes it
            assign_promise(item.promise_id, None, user)
        return Declined(item, route_item(item))


def finish_items(*, conversation_id: int | None = None, promise_id: int | None = None) -> int:
    """The work is done (solved, taken by hand, kept): its item leaves the queue."""
    live = Item.objects.filter(state__in=[ItemState.WAITING, ItemState.ASSIGNED])
    if conversation_id is not None:
        live = live.filter(conversation_id=conversation_id, kind=ItemKind.CONVERSATION)
    else:
        live = live.filter(promise_id=promise_id)
    team_ids = list(live.values_list("team_id", flat=True))
    finished = live.update(state=ItemState.DONE)
    if finished:
        transaction.on_commit(lambda: route_waiting(team_ids))
    return finished
