"""Audit events of conversations; called only from tickets.actions."""

from typing import Any

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.tickets.models import Conversation, Message, Note

Actor = User | None


def conversation_event(
    conversation: Conversation,
    verb: str,
    actor: Actor,
    *,
    old: Any = None,
    new: Any = None,
    data: dict[str, Any] | None = None,
) -> Event:
    return record_event(
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


def message_added(message: Message, actor: Actor) -> Event:
    conversation = message.conversation
    return record_event(
        f"message.{message.direction}",
        subject_type="message",
        subject_id=message.pk,
        customer_id=conversation.customer_id,
        conversation_id=conversation.pk,
        actor=actor,
        data={"channel": message.channel, "redactions": message.redactions},
    )


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
