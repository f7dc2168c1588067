"""Conversations (tickets), their messages, notes, attachments and tags."""

import re
from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import channel_choices
from hamdel.people.models import Customer, Team


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    SMS = "sms", _("SMS")
    MESSENGER = "messenger", _("Messenger")
    WEB = "web", _("Web form")
    API = "api", _("API")


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting on customer")
    ON_HOLD = "on_hold", _("On hold")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")
    SPAM = "spam", _("Spam")


# A customer writing again reopens these; closed and spam stay where they are.
REOPENED_BY_CUSTOMER = {Status.NEW, Status.WAITING, Status.SOLVED}
FINISHED = {Status.SOLVED, Status.CLOSED, Status.SPAM}
# Still to be worked on: the inbox's open views, and the partial indexes behind them.
ACTIVE = [Status.NEW, Status.OPEN, Status.ON_HOLD]


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Category(models.TextChoices):
    QUESTION = "question", _("Question")
    REQUEST = "request", _("Request")
    PROBLEM = "problem", _("Problem")
    COMPLAINT = "complaint", _("Complaint")
    REFUND = "refund", _("Refund")
    OTHER = "other", _("Other")


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    """Named sequences, e.g. conversation numbers; rows are locked while incremented."""

    name = models.CharField(max_length=32, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class Conversation(models.Model):
    number = models.BigIntegerField(_("number"), unique=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="conversations"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=channel_choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=16, choices=Priority.choices, default=Priority.NORMAL
    )
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.QUESTION
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="+")
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conversations",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_conversations",
    )
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collaborators"),
        blank=True,
        related_name="collaborations",
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            models.Index(fields=["status", "-updated_at", "-id"], name="conv_status_updated_idx"),
            models.Index(fields=["team", "status", "-updated_at"], name="conv_team_status_idx"),
            models.Index(fields=["assignee", "status", "-updated_at"], name="conv_assignee_idx"),
            models.Index(fields=["customer", "-updated_at"], name="conv_customer_idx"),
            models.Index(fields=["-created_at", "-id"], name="conv_created_idx"),
            # The inbox's open views ("My open", "Unassigned", "My team") in list order: a
            # partial index over the unfinished conversations only, so no sort is needed.
            models.Index(
                fields=["assignee", "-updated_at", "-id"],
                name="conv_active_assignee_idx",
                condition=models.Q(status__in=ACTIVE),
            ),
            models.Index(
                fields=["-updated_at", "-id"],
                name="conv_active_updated_idx",
                condition=models.Q(status__in=ACTIVE),
            ),
            # The inbox's exact view counts: grouped by (team, status, assignee) from these
            # two covering indexes, one per part of an agent's visibility.
            models.Index(fields=["team", "status", "assignee"], name="conv_team_counts_idx"),
            models.Index(fields=["assignee", "status", "team"], name="conv_assignee_counts_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.subject}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED


class Direction(models.TextChoices):
    INBOUND = "inbound", _("From the customer")
    OUTBOUND = "outbound", _("To the customer")


class Delivery(models.TextChoices):
    """Where an outbound message is on its way out (inbound messages have none)."""

    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")  # an attempt is recorded and under way
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


DELIVERY_DONE = {Delivery.SENT, Delivery.DELIVERED}


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.PROTECT,
        related_name="messages",
    )
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=channel_choices)
    author_customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    author_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    redactions = models.PositiveIntegerField(_("redacted items"), default=0)
    # The channel account it came in by or goes out through (a mailbox, a bot), as the
    # channel app names it; with `external_id` (the provider's id of the message) it
    # makes a provider's retry recognisable.
    account = models.CharField(_("channel account"), max_length=64, blank=True)
    external_id = models.CharField(_("external id"), max_length=300, blank=True, db_index=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    # Outbound only: see tickets.actions.delivery.
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery.choices, blank=True, default=""
    )
    delivery_attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    delivery_error = models.TextField(_("delivery error"), blank=True)
    # When the current attempt started (SENDING), or when the next one is due (FAILED).
    delivery_attempt_at = models.DateTimeField(_("attempt started"), null=True, blank=True)
    delivery_retry_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["conversation", "created_at", "id"], name="msg_thread_idx"),
            # The sweep for deliveries to retry or to recover from a stopped worker.
            models.Index(
                fields=["delivery", "delivery_retry_at"],
                name="msg_delivery_due_idx",
                condition=models.Q(delivery__in=["queued", "sending", "failed"]),
            ),
        ]
        constraints = [
            # One door in: a provider's message is stored once per channel account.
            models.UniqueConstraint(
                fields=["channel", "account", "external_id"],
                name="msg_external_once",
                condition=~models.Q(external_id=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.direction} message {self.pk}"


def attachment_path(attachment: "Attachment", filename: str) -> str:
    """A name the server makes: names customers send collide and may not be trusted
    (path parts, bidi overrides). Only a short alphanumeric extension is kept; the name
    the customer gave is `Attachment.filename`, used for the download."""
    suffix = PurePath(filename).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
        suffix = ""
    name = uuid4().hex
    return f"attachments/{name[:2]}/{name}{suffix}"


class Attachment(models.Model):
    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=127)
    size = models.PositiveBigIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class Note(models.Model):
    """An internal note: staff only, never sent to the customer."""

    conversation = models.ForeignKey(
        Conversation, verbose_name=_("conversation"), on_delete=models.PROTECT, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("note"))
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentions"),
        blank=True,
        related_name="mentioned_in",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        indexes = [models.Index(fields=["conversation", "created_at"], name="note_thread_idx")]

    def __str__(self) -> str:
        return f"note {self.pk}"
