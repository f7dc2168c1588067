"""Mailboxes (IMAP in, SMTP out) and the mail record kept beside each stored message.

A `MailMessage` is the mail side of one inbound `tickets.Message`: where it was fetched
from (mailbox, UIDVALIDITY, UID), its Message-ID, the raw .eml (redacted like the text),
and what went wrong reading it. Its unique constraints are what make ingestion exactly
once: a UID fetched twice and a Message-ID that reached two of our mailboxes both fail
to insert, and the whole ingestion rolls back to "duplicate".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Team
from hamdel.tickets.models import Message


class Security(models.TextChoices):
    TLS = "tls", "TLS"
    STARTTLS = "starttls", "STARTTLS"
    NONE = "none", _("none (local test servers only)")


class Mailbox(models.Model):
    name = models.CharField(_("name"), max_length=100)
    address = models.EmailField(_("address"), unique=True)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    imap_host = models.CharField(_("IMAP host"), max_length=255)
    imap_port = models.PositiveIntegerField(_("IMAP port"), default=993)
    imap_security = models.CharField(
        _("IMAP security"), max_length=16, choices=Security.choices, default=Security.TLS
    )
    imap_folder = models.CharField(_("IMAP folder"), max_length=255, default="INBOX")
    username = models.CharField(_("user name"), max_length=255)
    # Fernet-sealed (mail.secrets), or "env:NAME"; never shown again once saved.
    password_sealed = models.TextField(_("password"), blank=True)
    smtp_host = models.CharField(_("SMTP host"), max_length=255, blank=True)
    smtp_port = models.PositiveIntegerField(_("SMTP port"), default=587)
    smtp_security = models.CharField(
        _("SMTP security"), max_length=16, choices=Security.choices, default=Security.STARTTLS
    )
    poll_seconds = models.PositiveIntegerField(_("poll every (seconds)"), default=60)
    acknowledge = models.BooleanField(_("acknowledge new customer email"), default=False)
    acknowledge_window_hours = models.PositiveIntegerField(
        _("at most one acknowledgement per address per (hours)"), default=24
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The UIDVALIDITY of the folder as last seen; a change means the UIDs were renumbered.
    uidvalidity = models.BigIntegerField("UIDVALIDITY", null=True, blank=True)
    last_fetch_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    flagged_count = models.PositiveIntegerField(_("flagged messages"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.address

    @property
    def account(self) -> str:
        """The channel account name messages of this mailbox carry."""
        return f"mailbox-{self.pk}"

    @property
    def has_password(self) -> bool:
        return bool(self.password_sealed)


class MailMessage(models.Model):
    message = models.OneToOneField(
        Message, verbose_name=_("message"), on_delete=models.PROTECT, related_name="mail"
    )
    mailbox = models.ForeignKey(
        Mailbox, verbose_name=_("mailbox"), null=True, blank=True, on_delete=models.SET_NULL
    )
    uidvalidity = models.BigIntegerField("UIDVALIDITY", null=True, blank=True)
    uid = models.BigIntegerField("UID", null=True, blank=True)
    # Message-ID and sender hashed together: the same mail to two of our mailboxes is one
    # message, yet a stranger who copies a Message-ID cannot suppress someone else's mail.
    message_key = models.CharField(_("Message-ID key"), max_length=64, unique=True)
    header_id = models.CharField("Message-ID", max_length=998)
    raw = models.FileField(_("raw message"), upload_to="mail/raw/%Y/%m/", max_length=300)
    malformed = models.BooleanField(_("malformed"), default=False)
    unparsable = models.BooleanField(_("unparsable"), default=False)
    automated = models.BooleanField(_("automated"), default=False)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    dropped = models.JSONField(_("dropped parts"), default=list, blank=True)
    # The customer's words without quoted history and signature, for display only.
    visible_text = models.TextField(_("visible text"), blank=True)
    created_at = models.DateTimeField(_("fetched"), auto_now_add=True)

    class Meta:
        verbose_name = _("mail record")
        verbose_name_plural = _("mail records")
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "uidvalidity", "uid"],
                name="mail_uid_once",
                condition=models.Q(uid__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.header_id

    @property
    def flagged(self) -> bool:
        return self.malformed or self.unparsable or bool(self.dropped)


class Acknowledgement(models.Model):
    """One acknowledgement sent to an address: the per-address rate limit reads these."""

    address = models.CharField(_("address"), max_length=254, db_index=True)
    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")

    def __str__(self) -> str:
        return self.address
