"""Audit events of promises and appointments; called only from promises.actions.

Each carries the customer and conversation, so it shows on the customer's timeline.
"""

from typing import Any

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.promises.models import Appointment, Promise

Actor = User | None


def _promise_event(
    verb: str, promise: Promise, actor: Actor, data: dict[str, Any] | None = None
) -> Event:
    return record_event(
        f"promise.{verb}",
        subject_type="promise",
        subject_id=promise.pk,
        actor=actor,
        customer_id=promise.customer_id,
        conversation_id=promise.conversation_id,
        new={"state": promise.state},
        data={"kind": promise.kind, "due_at": promise.due_at.isoformat(), **(data or {})},
    )


def promise_made(promise: Promise, actor: Actor, feasibility: dict[str, Any]) -> Event:
    return _promise_event(
        "made",
        promise,
        actor,
        {
            "owner_agent": promise.owner_agent_id,
            "team": promise.team_id,
            "unlikely_reason": promise.unlikely_reason,
            "feasibility": feasibility,
        },
    )


def promise_kept(promise: Promise, actor: Actor, automatic: str = "") -> Event:
    return _promise_event(
        "kept",
        promise,
        actor,
        {"on_time": promise.kept_on_time, "by": automatic or "owner"},
    )


def promise_broken(promise: Promise) -> Event:
    return _promise_event("broken", promise, None)


def promise_cancelled(promise: Promise, actor: Actor) -> Event:
    return _promise_event("cancelled", promise, actor, {"reason": promise.reason})


def promise_reminded(promise: Promise, recipients: list[int]) -> Event:
    return _promise_event("reminded", promise, None, {"recipients": recipients})


def promise_escalated(promise: Promise, supervisors: list[int]) -> Event:
    return _promise_event("escalated", promise, None, {"supervisors": supervisors})


def _appointment_event(
    verb: str, appointment: Appointment, actor: Actor, data: dict[str, Any] | None = None
) -> Event:
    return record_event(
        f"appointment.{verb}",
        subject_type="appointment",
        subject_id=appointment.pk,
        actor=actor,
        customer_id=appointment.customer_id,
        conversation_id=appointment.conversation_id,
        new={
            "start": appointment.start.isoformat(),
            "end": appointment.end.isoformat(),
            "agent": appointment.agent_id,
            "resource": appointment.resource_id,
        },
        data=data or {},
    )


def appointment_booked(appointment: Appointment, actor: Actor) -> Event:
    return _appointment_event("booked", appointment, actor)


def appointment_rescheduled(appointment: Appointment, actor: Actor, old_start: str) -> Event:
    return _appointment_event("rescheduled", appointment, actor, {"old_start": old_start})


def appointment_cancelled(appointment: Appointment, actor: Actor, reason: str) -> Event:
    return _appointment_event("cancelled", appointment, actor, {"reason": reason})


def appointment_reminded(appointment: Appointment) -> Event:
    return _appointment_event("reminded", appointment, None)


def promise_assigned(promise: Promise, actor: Actor, old_owner: int | None) -> Event:
    return _promise_event(
        "assigned", promise, actor, {"from": old_owner, "to": promise.owner_agent_id}
    )
