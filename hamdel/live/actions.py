"""Writes of notifications. Delivery to open browsers is a job (jobs.push_notification)."""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from hamdel.live.jobs import push_notification
from hamdel.live.models import Notification
from hamdel.tickets.models import Conversation
from hamdel.tickets.queries import can_see_conversation


def notify(
    recipients: Iterable[User],
    kind: str,  # a NotificationKind or a kind another app declares
    conversation: Conversation,
    actor: User | None,
) -> list[Notification]:
    """One notification per recipient, never for what the actor did to themself, and
    never to someone who cannot open the conversation (a notification carries its number
    and subject: it would tell them about what they may not see).

    Call inside the transaction of the change it reports; it is pushed when that commits.
    """
    created = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, conversation=conversation, actor=actor)
        for user in {
            user.pk: user
            for user in recipients
            if (actor is None or user.pk != actor.pk) and can_see_conversation(user, conversation)
        }.values()
    )
    ids = [notification.pk for notification in created]
    transaction.on_commit(lambda: _push(ids))
    return created


def _push(notification_ids: list[int]) -> None:
    for notification_id in notification_ids:
        push_notification(notification_id)


def mark_read(user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the given notifications of `user` read (all of them when `ids` is None)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
