"""Audit events of SLA timers; called only from sla.actions. They show on the timeline."""

from typing import Any

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.sla.models import Calendar, SlaPolicy, SlaTimer

Actor = User | None


def _timer_event(verb: str, timer: SlaTimer, data: dict[str, Any] | None = None) -> Event:
    conversation = timer.conversation
    return record_event(
        f"sla.{verb}",
        subject_type="sla_timer",
        subject_id=timer.pk,
        customer_id=conversation.customer_id,
        conversation_id=conversation.pk,
        data={
            "metric": timer.metric,
            "policy": timer.policy_id,
            "due_at": timer.due_at.isoformat() if timer.due_at else None,
            **(data or {}),
        },
    )


def policy_applied(timer: SlaTimer) -> Event:
    return _timer_event("started", timer, {"target_seconds": timer.target_seconds})


def timer_warned(timer: SlaTimer) -> Event:
    return _timer_event("warning", timer, {"warning_percent": timer.warning_percent})


def timer_breached(timer: SlaTimer) -> Event:
    return _timer_event("breached", timer)


def escalated(timer: SlaTimer, action: str, details: dict[str, Any]) -> Event:
    return _timer_event("escalated", timer, {"action": action, **details})


def calendar_saved(calendar: Calendar, created: bool, actor: Actor) -> Event:
    return record_event(
        "calendar.imported" if created else "calendar.replaced",
        subject_type="calendar",
        subject_id=calendar.pk,
        actor=actor,
        new={"name": calendar.name},
    )


def holiday_corrected(calendar: Calendar, day: str, name: str | None, actor: Actor) -> Event:
    return record_event(
        "calendar.holiday_corrected",
        subject_type="calendar",
        subject_id=calendar.pk,
        actor=actor,
        new={"date": day, "name": name},
    )


def team_calendar_set(calendar: Calendar | None, team_id: int, actor: Actor) -> Event:
    return record_event(
        "calendar.team_set",
        subject_type="team",
        subject_id=team_id,
        actor=actor,
        new={"calendar": calendar.pk if calendar else None},
    )


def policy_saved(policy: SlaPolicy, actor: Actor) -> Event:
    return record_event(
        "sla.policy_saved", subject_type="sla_policy", subject_id=policy.pk, actor=actor
    )


def policies_reordered(ordered_ids: list[int], actor: Actor) -> Event:
    return record_event(
        "sla.policies_reordered",
        subject_type="sla_policy",
        subject_id=0,  # every policy: the new order is in `new`
        actor=actor,
        new={"order": ordered_ids},
    )


def policy_removed(policy: SlaPolicy, actor: Actor, *, deleted: bool) -> Event:
    return record_event(
        "sla.policy_deleted" if deleted else "sla.policy_deactivated",
        subject_type="sla_policy",
        subject_id=policy.pk,
        actor=actor,
        old={"name": policy.name},
    )
