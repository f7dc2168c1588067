"""Audit events of conversations; called only from tickets.actions."""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User

from hamdel.audit.models import CUSTOMER_ACTOR, Event
from hamdel.audit.record import new_event, record_event, record_events
from hamdel.tickets.models import Conversation, Message, Note

Actor = User | None


def _conversation_row(
    conversation: Conversation,
    verb: str,
    actor: Actor,
    *,
    old: Any = None,
    new: Any = None,
    data: dict[str, Any] | None = None,
) -> Event:
    return new_event(
        f"conversation.{verb}",
        subject_type="conversation",
        subject_id=conversation.pk,
        customer_id=conversation.customer_id,
        conversation_id=conversation.pk,
        actor=actor,
        old=old,
        new=new,
        data=data,
    )


def _message_row(message: Message, actor: Actor) -> Event:
    conversation = message.conversation
    data: dict[str, Any] = {"channel": message.channel, "redactions": message.redactions}
    if message.author_customer_id is not None:
        # The customer wrote it: timelines name them as its actor (`actor` is a staff user).
        data[CUSTOMER_ACTOR] = message.author_customer_id
    return new_event(
        f"message.{message.direction}",
        subject_type="message",
        subject_id=message.pk,
        customer_id=conversation.customer_id,
        conversation_id=conversation.pk,
        actor=actor,
        data=data,
    )


def conversation_event(
    conversation: Conversation,
    verb: str,
    actor: Actor,
    *,
    old: Any = None,
    new: Any = None,
    data: dict[str, Any] | None = None,
) -> Event:
    return record_events(
        [_conversation_row(conversation, verb, actor, old=old, new=new, data=data)]
    )[0]


def message_added(
    message: Message,
    actor: Actor,
    *,
    status: tuple[str, str] | None = None,
    opened: bool = False,
) -> list[Event]:
    """The events of a new message, written together: `conversation.opened` first when
    the message opens its conversation, then `message.<direction>`, then the status
    change it caused (old, new), if any."""
    conversation = message.conversation
    # A customer's message that opens or reopens the conversation on its own: they did it.
    by_customer = (
        {CUSTOMER_ACTOR: message.author_customer_id}
        if actor is None and message.author_customer_id is not None
        else {}
    )
    rows = []
    if opened:
        rows.append(
            _conversation_row(
                conversation,
                "opened",
                actor,
                new={"number": conversation.number, "channel": conversation.channel},
                data=by_customer,
            )
        )
    rows.append(_message_row(message, actor))
    if status is not None:
        rows.append(
            _conversation_row(
                conversation,
                "status",
                actor,
                old=status[0],
                new=status[1],
                data={"reason": "reply", **by_customer},
            )
        )
    return record_events(rows)


def note_added(note: Note, mentioned: list[int], actor: Actor) -> Event:
    conversation = note.conversation
    return record_event(
        "note.added",
        subject_type="note",
        subject_id=note.pk,
        customer_id=conversation.customer_id,
        conversation_id=conversation.pk,
        actor=actor,
        data={"mentions": mentioned},
    )


def message_moved(message: Message, source: Conversation, actor: Actor) -> Event:
    """Written on the source; the target gets its own `conversation.split_from` event."""
    return record_event(
        "message.moved",
        subject_type="message",
        subject_id=message.pk,
        customer_id=source.customer_id,
        conversation_id=source.pk,
        actor=actor,
        old={"conversation": source.pk},
        new={"conversation": message.conversation_id},
    )


def _delivery_event(message: Message, verb: str, actor: Actor, data: dict[str, Any]) -> Event:
    conversation = message.conversation
    return record_event(
        f"message.{verb}",
        subject_type="message",
        subject_id=message.pk,
        customer_id=conversation.customer_id,
        conversation_id=conversation.pk,
        actor=actor,
        data={"channel": message.channel, **data},
    )


def delivery_succeeded(message: Message) -> Event:
    return _delivery_event(
        message,
        "delivered",
        None,
        {"delivery": message.delivery, "attempts": message.delivery_attempts},
    )


def delivery_failed(
    message: Message, reason: str, attempt: int, retry_at: datetime | None
) -> Event:
    """`attempt` 0: nothing was attempted (the channel cannot send)."""
    return _delivery_event(
        message,
        "delivery_failed",
        None,
        {
            "reason": reason,
            "attempt": attempt,
            "retry_at": retry_at.isoformat() if retry_at else None,
        },
    )


def delivery_retried(message: Message, actor: Actor) -> Event:
    return _delivery_event(message, "delivery_retried", actor, {})
