"""The JSON the browser receives: one function per kind of live event, ids and labels only."""

from typing import Any

from hamdel.live.models import Notification


def notification_data(notification: Notification) -> dict[str, Any]:
    conversation = notification.conversation
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "text": str(notification.get_kind_display()),
        "conversation": conversation.pk,
        "number": conversation.number,
        "subject": conversation.subject,
        "actor": notification.actor.get_username() if notification.actor else None,
        "created_at": notification.created_at.isoformat(),
        "read": notification.read_at is not None,
    }
