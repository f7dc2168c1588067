"""The caller's own notifications: the list with its unread count, and marking them read."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from hamdel.live import actions, events, queries
from hamdel.live.schemas import MarkReadIn, MarkReadOut, NotificationsOut
from hamdel.people.permissions import caller

router = Router(tags=["notifications"])


@router.get("/notifications", response=NotificationsOut)
def list_notifications(request: HttpRequest, unread: bool = False) -> dict[str, Any]:
    user = caller(request)
    found = queries.notifications_for(user)
    if unread:
        found = found.filter(read_at__isnull=True)
    return {
        "unread": queries.unread_count(user),
        "items": [events.notification_data(n) for n in found[: queries.LIST_LIMIT]],
    }


@router.post("/notifications/read", response=MarkReadOut)
def mark_read(request: HttpRequest, payload: MarkReadIn) -> dict[str, int]:
    user = caller(request)
    marked = actions.mark_read(user, payload.ids)
    return {"marked": marked, "unread": queries.unread_count(user)}
