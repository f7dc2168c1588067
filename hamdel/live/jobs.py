"""Huey jobs of the live app: ids in, events out; safe to run twice (a repeat is a no-op)."""

from huey.contrib.djhuey import db_task

from hamdel.live import broadcast, events
from hamdel.live.models import Notification
from hamdel.live.queries import unread_count


@db_task()  # type: ignore[untyped-decorator]  # huey ships no type hints
def push_notification(notification_id: int) -> bool:
    """Tell the recipient's open tabs about a notification and their new unread count."""
    notification = (
        Notification.objects.select_related("conversation", "actor", "recipient")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return False
    broadcast.send(
        broadcast.user_group(notification.recipient_id),
        {
            "type": "live.notification",
            "notification": events.notification_data(notification),
            "unread": unread_count(notification.recipient),
        },
    )
    return True
