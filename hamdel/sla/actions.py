"""Every write of the sla app: calendars, and the clocks that conversations run against.

tickets never imports sla. It sends `hamdel.tickets.signals` from its actions and
`hamdel.sla.receivers` turns them into the `record_*` calls below, inside the same
transaction. Jobs call `sweep_due` and `check_timer`. Every function takes the instant it
acts at, so tests and replays need no clock tricks.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.people.models import Agent, Customer, Role, Team
from hamdel.sla import clock, events, queries
from hamdel.sla.calendars import (
    BusinessCalendar,
    CalendarFormatError,
    minutes_to_seconds,
)
from hamdel.sla.models import (
    Calendar,
    Metric,
    ReopenRule,
    SlaPolicy,
    SlaTimer,
    TeamCalendar,
    TimerState,
)
from hamdel.tickets import actions as ticket_actions
from hamdel.tickets import signals as ticket_signals
from hamdel.tickets.models import FINISHED, Conversation, Direction, Message, Priority, Status

logger = logging.getLogger(__name__)

Actor = User | None

# One sweep handles at most this many timers; the rest wait a second for the next sweep, so a
# backlog after downtime cannot hold one transaction-heavy sweep for minutes.
SWEEP_BATCH = 500
SLA_BREACH_NOTIFICATION = "sla_breach"  # declared in sla/declarations.py
PRIORITY_STEPS = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT]

# --- calendars ----------------------------------------------------------------------------


def import_calendar(definition: Any, actor: Actor = None) -> tuple[Calendar, bool]:
    """Create, or replace by name, a calendar from its file form; (calendar, created)."""
    business = BusinessCalendar.from_dict(definition)
    if not business.has_working_time:
        raise CalendarFormatError(["periods: the calendar has no working periods at all"])
    with transaction.atomic():
        calendar, created = Calendar.objects.select_for_update(of=("self",)).get_or_create(
            name=business.name, defaults={"definition": business.to_dict()}
        )
        if not created:
            calendar.definition = business.to_dict()
            calendar.save(update_fields=["definition", "updated_at"])
        events.calendar_saved(calendar, created, actor)
    return calendar, created


def correct_holiday(
    calendar: Calendar, day: date, name: str | None, actor: Actor = None
) -> Calendar:
    """Make `day` a holiday called `name` (None: no holiday), e.g. to fix an estimated Eid."""
    corrected = calendar.business_calendar().with_holiday_override(day, name)
    with transaction.atomic():
        calendar.definition = corrected.to_dict()
        calendar.save(update_fields=["definition", "updated_at"])
        events.holiday_corrected(calendar, day.isoformat(), name, actor)
    return calendar


def set_team_calendar(team: Team, calendar: Calendar | None, actor: Actor = None) -> None:
    """Which calendar a team's SLA clocks run on (None: round the clock)."""
    with transaction.atomic():
        if calendar is None:
            TeamCalendar.objects.filter(team=team).delete()
        else:
            TeamCalendar.objects.update_or_create(team=team, defaults={"calendar": calendar})
        events.team_calendar_set(calendar, team.pk, actor)


# --- policies -----------------------------------------------------------------------------


def save_policy(
    policy: SlaPolicy, actor: Actor = None, teams: list[Team] | None = None
) -> SlaPolicy:
    """Validate and save a policy; match lists must hold known values."""
    from hamdel.sla.models import MATCHABLE

    for field_name, choices in MATCHABLE.items():
        values = getattr(policy, field_name)
        if not isinstance(values, list) or any(value not in choices.values for value in values):
            raise ValidationError(
                {field_name: _("Unknown value in %(field)s.") % {"field": field_name}}
            )
    policy.full_clean(exclude=["teams"])
    with transaction.atomic():
        policy.save()
        if teams is not None:
            policy.teams.set(teams)
        events.policy_saved(policy, actor)
    return policy


def reorder_policies(ordered_ids: list[int], actor: Actor = None) -> list[SlaPolicy]:
    """Give the policies positions 1, 2, ... in this order; every policy must be listed once."""
    with transaction.atomic():
        policies = {
            policy.pk: policy for policy in SlaPolicy.objects.select_for_update().order_by("pk")
        }
        if len(set(ordered_ids)) != len(ordered_ids) or set(ordered_ids) != set(policies):
            raise ValidationError(
                {"ids": _("List every policy exactly once, in the order they should be tried.")}
            )
        for position, policy_id in enumerate(ordered_ids, start=1):
            policy = policies[policy_id]
            if policy.position != position:
                policy.position = position
                policy.save(update_fields=["position"])
        events.policies_reordered(ordered_ids, actor)
    return [policies[policy_id] for policy_id in ordered_ids]


def remove_policy(policy: SlaPolicy, actor: Actor = None) -> bool:
    """Delete a policy no clock ever ran on (True); deactivate one that has clocks (False),
    so past breaches keep their policy. Live clocks keep their targets either way."""
    with transaction.atomic():
        if SlaTimer.objects.filter(policy=policy).exists():
            if policy.is_active:
                policy.is_active = False
                policy.save(update_fields=["is_active"])
            events.policy_removed(policy, actor, deleted=False)
            return False
        events.policy_removed(policy, actor, deleted=True)
        policy.delete()
        return True


# --- clocks -------------------------------------------------------------------------------


def _start_timer(
    conversation: Conversation,
    policy: SlaPolicy,
    calendar: BusinessCalendar,
    metric: Metric,
    at: datetime,
) -> SlaTimer | None:
    minutes = policy.target_minutes(metric)
    if minutes is None:
        return None
    target = minutes_to_seconds(minutes)
    timer = SlaTimer(
        conversation=conversation,
        metric=metric,
        policy=policy,
        target_seconds=target,
        warning_percent=policy.warning_percent,
        remaining_seconds=target,
        started_at=at,
        running_since=at,
    )
    if conversation.status == Status.WAITING:
        clock.pause(timer, calendar, at)
    clock.reschedule(timer, calendar)
    timer.save()
    events.policy_applied(timer)
    return timer


def apply_policy(conversation: Conversation, at: datetime, *, awaits_reply: bool) -> list[SlaTimer]:
    """Start the clocks of a new conversation: resolution, and first response when the
    customer wrote first (`awaits_reply`). Does nothing if the conversation has clocks."""
    if SlaTimer.objects.filter(conversation=conversation).exists():
        return []
    return _apply_policy(conversation, at, awaits_reply=awaits_reply)


def _apply_policy(
    conversation: Conversation, at: datetime, *, awaits_reply: bool
) -> list[SlaTimer]:
    """apply_policy for a conversation the caller found without clocks."""
    policy = queries.policy_for(conversation)
    if policy is None:
        return []
    calendar = queries.calendar_for(conversation, policy)
    metrics = [Metric.FIRST_RESPONSE, Metric.RESOLUTION] if awaits_reply else [Metric.RESOLUTION]
    started = [_start_timer(conversation, policy, calendar, metric, at) for metric in metrics]
    return [timer for timer in started if timer is not None]


def _save(timer: SlaTimer) -> None:
    timer.save(update_fields=clock.CLOCK_FIELDS)


def record_customer_message(message: Message) -> list[SlaTimer]:
    """A customer wrote: the first message starts the clocks; one after an agent reply
    starts the next-response clock (unless one is already running)."""
    conversation = message.conversation
    at = message.created_at
    # Called inside the tickets action's transaction (an error undoes it all), so no
    # savepoint of its own.
    with transaction.atomic(savepoint=False):
        if not SlaTimer.objects.filter(conversation=conversation).exists():
            return _apply_policy(conversation, at, awaits_reply=True)
        answered = (
            Message.objects.filter(conversation=conversation, direction=Direction.OUTBOUND)
            .exclude(pk=message.pk)
            .exists()
        )
        live = {timer.metric: timer for timer in queries.live_timers(conversation)}
        if not answered or Metric.NEXT_RESPONSE in live:
            return []
        policy = queries.policy_for(conversation)
        if policy is None:
            return []
        calendar = queries.calendar_for(conversation, policy)
        timer = _start_timer(conversation, policy, calendar, Metric.NEXT_RESPONSE, at)
        return [timer] if timer is not None else []


def record_agent_reply(message: Message) -> list[SlaTimer]:
    """An agent answered: the first- and next-response clocks are met (or late, if breached).

    A conversation the agent started gets its resolution clock here.
    """
    conversation = message.conversation
    stopped: list[SlaTimer] = []
    with transaction.atomic(savepoint=False):
        if not SlaTimer.objects.filter(conversation=conversation).exists():
            return _apply_policy(conversation, message.created_at, awaits_reply=False)
        for timer in queries.live_timers(conversation).select_for_update(of=("self",)):
            if timer.metric in {Metric.FIRST_RESPONSE, Metric.NEXT_RESPONSE}:
                calendar = queries.calendar_for(conversation, timer.policy)
                clock.stop(timer, calendar, message.created_at)
                _save(timer)
                stopped.append(timer)
    return stopped


def record_status_change(
    conversation: Conversation, old: str, new: str, at: datetime
) -> list[SlaTimer]:
    """How each status moves the clocks (docs/sla.md has the table):

    waiting on customer pauses every clock; leaving it resumes them; solved, closed and spam
    stop them; reopening restarts (or resumes) the resolution clock as the policy says.
    "On hold" and every other status leave the clocks running.
    """
    changed: list[SlaTimer] = []
    with transaction.atomic():
        live = list(queries.live_timers(conversation).select_for_update(of=("self",)))
        for timer in live:
            calendar = queries.calendar_for(conversation, timer.policy)
            if new in FINISHED:
                clock.stop(timer, calendar, at)
            elif new == Status.WAITING:
                clock.pause(timer, calendar, at)
            elif old == Status.WAITING:
                clock.resume(timer, calendar, at)
            else:
                continue
            _save(timer)
            changed.append(timer)
        if old in FINISHED and new not in FINISHED:
            reopened = _reopen_resolution(conversation, at)
            if reopened is not None:
                changed.append(reopened)
    return changed


def _reopen_resolution(conversation: Conversation, at: datetime) -> SlaTimer | None:
    if any(timer.metric == Metric.RESOLUTION for timer in queries.live_timers(conversation)):
        return None
    last = (
        SlaTimer.objects.filter(conversation=conversation, metric=Metric.RESOLUTION)
        .select_related("policy", "policy__calendar")
        .order_by("-started_at", "-pk")
        .first()
    )
    policy = queries.policy_for(conversation)
    if policy is None:
        return None
    calendar = queries.calendar_for(conversation, policy)
    if last is not None and policy.on_reopen == ReopenRule.RESUME:
        clock.resume(last, calendar, at)
        if conversation.status == Status.WAITING:
            clock.pause(last, calendar, at)
        _save(last)
        return last
    return _start_timer(conversation, policy, calendar, Metric.RESOLUTION, at)


def record_conversation_change(
    conversation: Conversation, changed_fields: set[str], at: datetime
) -> list[SlaTimer]:
    """Channel, priority, category or team changed: the policy may change, and with it the
    targets of the live clocks. Business time already used keeps counting; a breach stays."""
    if not changed_fields & {"channel", "priority", "category", "team"}:
        return []
    return _rechoose_policy(conversation, at)


def record_customer_change(
    customer: Customer, changed_fields: set[str], at: datetime
) -> list[SlaTimer]:
    """The customer's tier changed: each of their unfinished conversations may match another
    policy, exactly as when its priority changes."""
    if "tier" not in changed_fields:
        return []
    retargeted: list[SlaTimer] = []
    with transaction.atomic():
        unfinished = (
            Conversation.objects.filter(customer=customer)
            .exclude(status__in=FINISHED)
            .filter(sla_timers__isnull=False)
            .distinct()
            .order_by("pk")
        )
        for conversation in unfinished:
            conversation.customer = customer  # the new tier, without a query per conversation
            retargeted += _rechoose_policy(conversation, at)
    return retargeted


def _rechoose_policy(conversation: Conversation, at: datetime) -> list[SlaTimer]:
    retargeted = []
    with transaction.atomic():
        policy = queries.policy_for(conversation)
        for timer in queries.live_timers(conversation).select_for_update(of=("self",)):
            if timer.breached_at is not None or timer.policy_id == (policy.pk if policy else None):
                continue
            calendar = queries.calendar_for(conversation, policy or timer.policy)
            minutes = policy.target_minutes(Metric(timer.metric)) if policy else None
            if policy is None or minutes is None:
                clock.stop(timer, calendar, at)
            else:
                clock.retarget(
                    timer, calendar, minutes_to_seconds(minutes), policy.warning_percent, at
                )
                timer.policy = policy
            _save(timer)
            retargeted.append(timer)
    return retargeted


# --- warnings, breaches, escalations -------------------------------------------------------


@dataclass
class Sweep:
    warned: list[int] = field(default_factory=list)
    breached: list[int] = field(default_factory=list)
    upcoming: list[tuple[int, datetime]] = field(default_factory=list)  # (timer id, check at)


def sweep_due(now: datetime, horizon: timedelta = timedelta(0)) -> Sweep:
    """One indexed query for clocks that need a look before now + horizon.

    Those already due are warned or breached now, each in its own transaction; the others
    are returned so the job can schedule them to the second. Safe to run twice or
    concurrently: `check_timer` re-reads each timer under a row lock.
    """
    sweep = Sweep()
    for timer_id, check_at in queries.due_before(now + horizon, SWEEP_BATCH):
        if check_at > now:
            sweep.upcoming.append((timer_id, check_at))
            continue
        outcome = check_timer(timer_id, now)
        if outcome == "warned":
            sweep.warned.append(timer_id)
        elif outcome == "breached":
            sweep.breached.append(timer_id)
    return sweep


def check_timer(timer_id: int, now: datetime) -> str | None:
    """Warn or breach one clock if it is due at `now`: "warned", "breached" or None.

    Recorded once: the conditions are checked again under the row lock, and warned_at /
    breached_at are set in the same transaction as the event.
    """
    with transaction.atomic():
        timer = (
            SlaTimer.objects.select_for_update(of=("self",))
            .select_related("conversation", "conversation__customer", "policy")
            .filter(pk=timer_id)
            .first()
        )
        if timer is None or timer.next_check_at is None or timer.next_check_at > now:
            return None
        if timer.state != TimerState.RUNNING or timer.due_at is None:
            return None
        if timer.due_at <= now:
            timer.breached_at = now
            if timer.warned_at is None:
                timer.warned_at = now  # a breach supersedes a warning that was never sent
            timer.next_check_at = None
            timer.save(update_fields=["breached_at", "warned_at", "next_check_at"])
            events.timer_breached(timer)
            _escalate(timer)
            return "breached"
        timer.warned_at = now
        timer.next_check_at = timer.due_at
        timer.save(update_fields=["warned_at", "next_check_at"])
        events.timer_warned(timer)
        return "warned"


def _escalate(timer: SlaTimer) -> None:
    """The policy's escalation rules; call inside check_timer's transaction after the breach
    is saved, so the signals the tickets actions send see the timer as breached."""
    policy = timer.policy
    conversation = timer.conversation
    if policy is None:
        return
    if policy.notify_supervisor:
        supervisors = (
            list(
                Agent.objects.filter(
                    role=Role.SUPERVISOR, user__is_active=True, teams=conversation.team_id
                ).values_list("user_id", flat=True)
            )
            if conversation.team_id is not None
            else []
        )
        events.escalated(timer, "notify_supervisor", {"supervisors": supervisors})
        if supervisors:
            # sla and live are siblings: live hears this and sends the notification.
            ticket_signals.notification_requested.send(
                sender=SlaTimer,
                recipients=list(User.objects.filter(pk__in=supervisors)),
                kind=SLA_BREACH_NOTIFICATION,
                conversation=conversation,
                actor=None,
            )
    if (
        policy.escalate_to_team_id is not None
        and conversation.team_id != policy.escalate_to_team_id
    ):
        old_team = conversation.team_id
        ticket_actions.assign_conversation(conversation, None, team=policy.escalate_to_team)
        events.escalated(
            timer, "reassign_team", {"from": old_team, "to": policy.escalate_to_team_id}
        )
    if policy.raise_priority and conversation.priority != Priority.URGENT:
        old_priority = conversation.priority
        higher = PRIORITY_STEPS[PRIORITY_STEPS.index(Priority(old_priority)) + 1]
        ticket_actions.update_conversation(conversation, None, priority=higher)
        events.escalated(timer, "raise_priority", {"from": old_priority, "to": str(higher)})
