"""Merging conversations and splitting a message off into a new one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.tickets import events, signals
from hamdel.tickets.actions.common import Actor, announce_change
from hamdel.tickets.actions.numbering import next_conversation_number
from hamdel.tickets.indexing import (
    index_conversation,
    index_message,
    index_messages,
    index_notes,
)
from hamdel.tickets.models import (
    Conversation,
    Message,
    Note,
    Status,
)


def merge_conversations(source: Conversation, target: Conversation, actor: Actor) -> Conversation:
    """Move every message and note of `source` into `target`; `source` is closed with a link."""
    if source.pk == target.pk:
        raise ValidationError({"target": _("A conversation cannot be merged into itself.")})
    if source.merged_into_id is not None:
        raise ValidationError({"source": _("This conversation has already been merged.")})
    if target.merged_into_id is not None:
        raise ValidationError({"target": _("Cannot merge into a conversation that was merged.")})
    with transaction.atomic():
        message_ids = list(source.messages.values_list("pk", flat=True))
        note_ids = list(source.notes.values_list("pk", flat=True))
        Message.objects.filter(pk__in=message_ids).update(conversation=target)
        Note.objects.filter(pk__in=note_ids).update(conversation=target)
        index_messages(message_ids)
        index_notes(note_ids)
        target.collaborators.add(*source.collaborators.all())
        old_status = source.status
        source.status = Status.CLOSED
        source.merged_into = target
        source.save(update_fields=["status", "merged_into", "updated_at"])
        target.last_message_at = max(
            (t for t in (target.last_message_at, source.last_message_at) if t), default=None
        )
        target.save(update_fields=["last_message_at", "updated_at"])
        moved = {"messages": message_ids, "notes": note_ids}
        events.conversation_event(
            source, "merged_into", actor, old=old_status, new=target.pk, data=moved
        )
        events.conversation_event(
            target, "merged_from", actor, new=source.pk, data={"number": source.number, **moved}
        )
        announce_change(source, {"status": (old_status, Status.CLOSED)}, actor)
        announce_change(target, {"messages": (None, message_ids)}, actor)
    return target


def split_message(message: Message, actor: Actor, subject: str = "") -> Conversation:
    """Move one message out into a new conversation of the same customer."""
    source = message.conversation
    if source.messages.count() < 2:
        raise ValidationError(
            {"message": _("The only message of a conversation cannot be split off.")}
        )
    with transaction.atomic():
        conversation = Conversation.objects.create(
            number=next_conversation_number(),
            subject=(subject or source.subject)[:300],
            customer=source.customer,
            channel=message.channel,
            team=source.team,
            priority=source.priority,
            category=source.category,
            language=message.language or source.language,
            status=Status.OPEN,
            last_message_at=message.created_at,
        )
        message.conversation = conversation
        message.save(update_fields=["conversation"])
        events.message_moved(message, source, actor)
        index_message(message.pk)
        index_conversation(conversation.pk)
        # For the new conversation the moved message is its first: its clocks start here.
        signals.message_added.send(sender=Message, message=message, actor=actor)
        events.conversation_event(
            conversation,
            "split_from",
            actor,
            new={"number": conversation.number},
            data={"source": source.pk, "message": message.pk},
        )
        source.save(update_fields=["updated_at"])
    return conversation
