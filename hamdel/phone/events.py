"""Audit events of the phone app; called only from its actions.

Each carries the customer (and the conversation where there is one), so calls and
callbacks show on the customer's timeline.
"""

from typing import Any

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.phone.models import Call, Callback, Direction, Integration, Outcome, TakenMessage

Actor = User | None


def integration_created(integration: Integration, actor: Actor) -> Event:
    return record_event(
        "phone.integration_created",
        subject_type="phone_integration",
        subject_id=integration.pk,
        actor=actor,
        new={"name": integration.name, "kind": integration.kind, "team": integration.team_id},
    )


def _call_verb(call: Call) -> str:
    if call.direction == Direction.OUTBOUND:
        return "phone.call_made"
    return "phone.call_answered" if call.outcome == Outcome.ANSWERED else "phone.call_missed"


def call_ended(call: Call) -> Event:
    return record_event(
        _call_verb(call),
        subject_type="call",
        subject_id=call.pk,
        actor=call.answered_by,
        customer_id=call.customer_id,
        conversation_id=call.conversation_id,
        new={"outcome": call.outcome},
        data={
            "direction": call.direction,
            "phone": call.phone,
            "wait_seconds": call.wait_seconds,
            "talk_seconds": call.talk_seconds,
            "recording": call.recording_url,
        },
    )


def call_corrected(call: Call, old: str) -> Event:
    return record_event(
        "phone.call_corrected",
        subject_type="call",
        subject_id=call.pk,
        customer_id=call.customer_id,
        old={"outcome": old},
        new={"outcome": call.outcome},
    )


def call_attached(call: Call, actor: Actor) -> Event:
    return record_event(
        "phone.call_attached",
        subject_type="call",
        subject_id=call.pk,
        actor=actor,
        customer_id=call.customer_id,
        conversation_id=call.conversation_id,
    )


def _callback_event(verb: str, callback: Callback, actor: Actor, **data: Any) -> Event:
    return record_event(
        f"phone.callback_{verb}",
        subject_type="callback",
        subject_id=callback.pk,
        actor=actor,
        customer_id=callback.customer_id,
        new={"status": callback.status},
        data={
            "phone": callback.phone,
            "missed_calls": callback.missed_calls,
            "attempts": callback.attempts,
            "due_at": callback.due_at.isoformat(),
            **data,
        },
    )


def callback_opened(callback: Callback, call: Call) -> Event:
    return _callback_event("opened", callback, None, call=call.pk)


def callback_joined(callback: Callback, call: Call) -> Event:
    return _callback_event("joined", callback, None, call=call.pk)


def callback_attempted(callback: Callback, actor: Actor, outcome: str) -> Event:
    return _callback_event("attempted", callback, actor, outcome=outcome)


def callback_closed(callback: Callback, actor: Actor, outcome: str) -> Event:
    return _callback_event("closed", callback, actor, outcome=outcome)


def callback_escalated(callback: Callback, told: list[int]) -> Event:
    return _callback_event("escalated", callback, None, told=told)


def _message_event(verb: str, message: TakenMessage, actor: Actor, **data: Any) -> Event:
    return record_event(
        f"phone.message_{verb}",
        subject_type="taken_message",
        subject_id=message.pk,
        actor=actor,
        customer_id=message.customer_id,
        conversation_id=message.conversation_id,
        new={"status": message.status},
        data={"for": message.for_user_id, "call_back_at": message.call_back_at.isoformat(), **data},
    )


def message_taken(message: TakenMessage, actor: Actor) -> Event:
    return _message_event("taken", message, actor)


def message_moved(message: TakenMessage, told: list[int]) -> Event:
    return _message_event("moved", message, None, told=told)


def message_done(message: TakenMessage, actor: Actor) -> Event:
    return _message_event("done", message, actor)
