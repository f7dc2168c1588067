"""Assignment, status, fields, tags and collaborators: each change is one event."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.people.models import Agent, Team
from hamdel.tickets import events, signals
from hamdel.tickets.actions.common import Actor, announce_change
from hamdel.tickets.indexing import index_conversation
from hamdel.tickets.models import (
    FINISHED,
    Category,
    Conversation,
    Priority,
    Status,
    Tag,
)

UNSET: Any = object()


def assign_conversation(
    conversation: Conversation,
    actor: Actor,
    *,
    assignee: User | None = UNSET,
    team: Team | None = UNSET,
) -> Conversation:
    """Give the conversation to an agent and/or a team (None clears either)."""
    changes: dict[str, tuple[Any, Any]] = {}
    if assignee is not UNSET:
        if assignee is not None and not (
            assignee.is_active and Agent.objects.filter(user=assignee).exists()
        ):
            raise ValidationError({"assignee": _("Only active staff can be assigned.")})
        if conversation.assignee_id != (assignee.pk if assignee else None):
            changes["assignee"] = (conversation.assignee_id, assignee.pk if assignee else None)
            conversation.assignee = assignee
    if team is not UNSET and conversation.team_id != (team.pk if team else None):
        changes["team"] = (conversation.team_id, team.pk if team else None)
        conversation.team = team
    if changes:
        with transaction.atomic():
            conversation.save(update_fields=[*changes, "updated_at"])
            events.conversation_event(
                conversation,
                "assigned",
                actor,
                old={field: old for field, (old, _new) in changes.items()},
                new={field: new for field, (_old, new) in changes.items()},
            )
            announce_change(conversation, changes, actor)
    return conversation


def change_status(conversation: Conversation, status: str, actor: Actor) -> Conversation:
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown status “%(status)s”.") % {"status": status}})
    if conversation.merged_into_id is not None and status not in FINISHED:
        raise ValidationError({"status": _("A merged conversation cannot be reopened.")})
    old = conversation.status
    if old == status:
        return conversation
    signals.status_changing.send(
        sender=Conversation, conversation=conversation, old=old, new=status, actor=actor
    )
    conversation.status = status
    fields = ["status", "updated_at"]
    if status == Status.SOLVED:
        conversation.solved_at = timezone.now()
        fields.append("solved_at")
    with transaction.atomic():
        conversation.save(update_fields=fields)
        events.conversation_event(conversation, "status", actor, old=old, new=status)
        announce_change(conversation, {"status": (old, status)}, actor)
    return conversation


EDITABLE_FIELDS = {
    "subject": None,
    "priority": Priority,
    "category": Category,
    "language": None,
}


def update_conversation(conversation: Conversation, actor: Actor, **fields: Any) -> Conversation:
    """Change subject, priority, category or language; each change is one event."""
    changes: dict[str, tuple[Any, Any]] = {}
    for field, value in fields.items():
        if field not in EDITABLE_FIELDS:
            raise ValidationError({field: _("This field cannot be changed here.")})
        choices = EDITABLE_FIELDS[field]
        if choices is not None and value not in choices.values:
            raise ValidationError(
                {field: _("“%(value)s” is not a valid choice.") % {"value": value}}
            )
        if getattr(conversation, field) != value:
            changes[field] = (getattr(conversation, field), value)
            setattr(conversation, field, value)
    if changes:
        conversation.full_clean(exclude=["number"])
        with transaction.atomic():
            conversation.save(update_fields=[*changes, "updated_at"])
            for field, (old, new) in changes.items():
                events.conversation_event(conversation, field, actor, old=old, new=new)
            if "subject" in changes:
                index_conversation(conversation.pk)
            announce_change(conversation, changes, actor)
    return conversation


def _tag_names(names: Iterable[str]) -> list[str]:
    cleaned = sorted({name.strip().lower()[:64] for name in names if name.strip()})
    if any(" " in name for name in cleaned):
        raise ValidationError({"tags": _("Tags cannot contain spaces.")})
    return cleaned


def set_tags(conversation: Conversation, names: Iterable[str], actor: Actor) -> Conversation:
    wanted = _tag_names(names)
    before = sorted(conversation.tags.values_list("name", flat=True))
    if wanted == before:
        return conversation
    with transaction.atomic():
        existing = {tag.name: tag for tag in Tag.objects.filter(name__in=wanted)}
        missing = [Tag(name=name) for name in wanted if name not in existing]
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        conversation.tags.set(Tag.objects.filter(name__in=wanted))
        conversation.save(update_fields=["updated_at"])
        events.conversation_event(conversation, "tags", actor, old=before, new=wanted)
        announce_change(conversation, {"tags": (before, wanted)}, actor)
    return conversation


def add_tags(conversation: Conversation, names: Iterable[str], actor: Actor) -> Conversation:
    current = list(conversation.tags.values_list("name", flat=True))
    return set_tags(conversation, [*current, *names], actor)


def remove_tags(conversation: Conversation, names: Iterable[str], actor: Actor) -> Conversation:
    dropped = set(_tag_names(names))
    current = conversation.tags.values_list("name", flat=True)
    return set_tags(conversation, [name for name in current if name not in dropped], actor)


def add_collaborator(conversation: Conversation, user: User, actor: Actor) -> Conversation:
    """Anyone on the staff, of any team, can be pulled into a conversation."""
    if not (user.is_active and Agent.objects.filter(user=user).exists()):
        raise ValidationError({"collaborator": _("Only active staff can collaborate.")})
    if conversation.collaborators.filter(pk=user.pk).exists():
        return conversation
    with transaction.atomic():
        conversation.collaborators.add(user)
        conversation.save(update_fields=["updated_at"])
        events.conversation_event(conversation, "collaborator_added", actor, new=user.pk)
        announce_change(conversation, {"collaborators": (None, user.pk)}, actor)
    return conversation


def remove_collaborator(conversation: Conversation, user: User, actor: Actor) -> Conversation:
    if not conversation.collaborators.filter(pk=user.pk).exists():
        return conversation
    with transaction.atomic():
        conversation.collaborators.remove(user)
        conversation.save(update_fields=["updated_at"])
        events.conversation_event(conversation, "collaborator_removed", actor, old=user.pk)
        announce_change(conversation, {"collaborators": (user.pk, None)}, actor)
    return conversation
