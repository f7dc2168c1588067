"""Receivers of the tickets signals: the live inbox, reply notices and notifications.

The signals are sent inside the actions' transactions, so events go out on commit: a
browser must never be told about a change that was rolled back, nor reload before it
can see it.
"""

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from hamdel.live import broadcast
from hamdel.live.actions import notify
from hamdel.live.models import NotificationKind
from hamdel.tickets import signals
from hamdel.tickets.models import Conversation, Direction, Message, Note


def _inbox_event(conversation: Conversation, change: str, direction: str = "") -> dict[str, Any]:
    return {
        "type": "live.conversation",
        "conversation": conversation.pk,
        "number": conversation.number,
        "change": change,
        "direction": direction,
    }


def _send_on_commit(group: str, event: dict[str, Any]) -> None:
    transaction.on_commit(lambda: broadcast.send(group, event))


def conversation_changed(
    sender: Any,
    conversation: Conversation,
    changes: dict[str, tuple[Any, Any]],
    actor: User | None,
    **kwargs: Any,
) -> None:
    _send_on_commit(broadcast.INBOX, _inbox_event(conversation, ",".join(sorted(changes))))
    if "assignee" in changes and changes["assignee"][1] is not None:
        assignee = User.objects.filter(pk=changes["assignee"][1]).first()
        if assignee is not None:
            notify([assignee], NotificationKind.ASSIGNMENT, conversation, actor)


def message_added(sender: Any, message: Message, actor: User | None, **kwargs: Any) -> None:
    conversation = message.conversation
    _send_on_commit(broadcast.INBOX, _inbox_event(conversation, "message", message.direction))
    if message.direction == Direction.OUTBOUND and message.author_agent_id is not None:
        author = message.author_agent
        _send_on_commit(
            broadcast.conversation_group(conversation.pk),
            {
                "type": "live.replied",
                "conversation": conversation.pk,
                "user": message.author_agent_id,
                "name": author.get_username() if author else "",
            },
        )


def note_added(
    sender: Any, note: Note, mentioned: list[User], actor: User | None, **kwargs: Any
) -> None:
    if mentioned:
        notify(mentioned, NotificationKind.MENTION, note.conversation, actor)


def notification_requested(
    sender: Any,
    recipients: list[User],
    kind: str,
    conversation: Conversation,
    actor: User | None,
    **kwargs: Any,
) -> None:
    notify(recipients, kind, conversation, actor)


def connect() -> None:
    signals.conversation_changed.connect(conversation_changed, dispatch_uid="live.changed")
    signals.message_added.connect(message_added, dispatch_uid="live.message")
    signals.note_added.connect(note_added, dispatch_uid="live.note")
    signals.notification_requested.connect(
        notification_requested, dispatch_uid="live.notification_requested"
    )
