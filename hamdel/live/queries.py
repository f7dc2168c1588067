"""Reads of notifications: each user sees only their own."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from hamdel.live.models import Notification

# The list shows the newest ones; older ones stay in the database for the audit.
LIST_LIMIT = 50


def notifications_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient_id=user.pk)
        .select_related("conversation", "actor")
        .order_by("-id")
    )


def unread_count(user: AbstractBaseUser | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
