"""The one writer of Event rows; each app's events.py calls it with its own verbs."""

from typing import Any

from django.contrib.auth.models import User

from hamdel.audit.models import Event


def new_event(
    verb: str,
    *,
    subject_type: str,
    subject_id: int,
    actor: User | None = None,
    customer_id: int | None = None,
    conversation_id: int | None = None,
    old: Any = None,
    new: Any = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """An unsaved event, for `record_events`."""
    return Event(
        verb=verb,
        subject_type=subject_type,
        subject_id=subject_id,
        actor=actor,
        customer_id=customer_id,
        conversation_id=conversation_id,
        old=old,
        new=new,
        data=data or {},
    )


def record_event(
    verb: str,
    *,
    subject_type: str,
    subject_id: int,
    actor: User | None = None,
    customer_id: int | None = None,
    conversation_id: int | None = None,
    old: Any = None,
    new: Any = None,
    data: dict[str, Any] | None = None,
) -> Event:
    event = new_event(
        verb,
        subject_type=subject_type,
        subject_id=subject_id,
        actor=actor,
        customer_id=customer_id,
        conversation_id=conversation_id,
        old=old,
        new=new,
        data=data,
    )
    event.save()
    return event


def record_events(events: list[Event]) -> list[Event]:
    """Write several events of one action in one INSERT, in the order given (ids ascend).

    The events come from `new_event`; they get their ids back on SQLite and PostgreSQL.
    """
    if len(events) == 1:
        events[0].save()
        return events
    return Event.objects.bulk_create(events)
