"""Internal notes and their @mentions."""

import re

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from hamdel.tickets import events, signals
from hamdel.tickets.indexing import index_note
from hamdel.tickets.models import (
    Conversation,
    Note,
)

MENTION = re.compile(r"(?<![\w@.])@([\w.\-]+[\w])")


def _mentioned_users(body: str) -> list[User]:
    names = {name.lower() for name in MENTION.findall(body)}
    if not names:
        return []
    user_model = User
    any_name = Q()
    for name in names:
        any_name |= Q(username__iexact=name)
    return list(user_model.objects.filter(any_name, is_active=True, agent__isnull=False))


def add_note(conversation: Conversation, body: str, author: User) -> Note:
    """An internal note; @username mentions of active staff are recorded and notified."""
    if not body.strip():
        raise ValidationError({"body": _("A note cannot be empty.")})
    mentioned = _mentioned_users(body)
    with transaction.atomic():
        note = Note.objects.create(conversation=conversation, author=author, body=body.strip())
        note.mentions.set(mentioned)
        index_note(note.pk)
        conversation.save(update_fields=["updated_at"])
        events.note_added(note, [user.pk for user in mentioned], author)
        signals.note_added.send(sender=Note, note=note, mentioned=mentioned, actor=author)
    return note
