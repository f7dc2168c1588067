"""In-app notifications: an @mention in a note, a conversation assigned to you."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import notification_kind_choices
from hamdel.tickets.models import Conversation


class NotificationKind(models.TextChoices):
    """The kinds this app sends; other apps declare theirs (hamdel.lib.registry)."""

    MENTION = "mention", _("Mentioned in a note")
    ASSIGNMENT = "assignment", _("Assigned to you")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=notification_kind_choices)
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at", "-id"], name="notification_inbox_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id} on {self.conversation_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
