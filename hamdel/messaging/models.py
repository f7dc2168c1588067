"""Messaging accounts (an SMS number, a bot, a WhatsApp number, a generic webhook), their
templates, and what their messages left behind (parts sent, files dropped).

Secrets (a bot token, an auth token, the generated webhook secret) are sealed with
`secrets.seal` and never shown again; a credential written `env:NAME` is read from the
environment variable NAME when it is used, and nothing of it is stored.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Team
from hamdel.tickets.models import Message


class Kind(models.TextChoices):
    SMS = "sms", _("SMS (Twilio-compatible)")
    TELEGRAM = "telegram", _("Telegram bot (or a Telegram-compatible bot API)")
    WHATSAPP = "whatsapp", _("WhatsApp Business Cloud API")
    WEBHOOK = "webhook", _("Generic JSON webhook")


# The tickets channel each kind's conversations are on (the core channels).
CHANNEL_OF = {
    Kind.SMS: "sms",
    Kind.TELEGRAM: "messenger",
    Kind.WHATSAPP: "messenger",
    Kind.WEBHOOK: "messenger",
}

# Where each provider's API is, unless the account names another (a local fake, Bale, ...).
DEFAULT_API_BASE = {
    Kind.SMS: "https://api.twilio.com",
    Kind.TELEGRAM: "https://api.telegram.org",
    Kind.WHATSAPP: "https://graph.facebook.com/v21.0",
    Kind.WEBHOOK: "",
}


class Account(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    api_base = models.URLField(_("API base URL"), max_length=300, blank=True)
    # The random part of the webhook's address: it names the account, the signature or
    # secret proves the request came from the provider.
    hook = models.CharField(max_length=40, unique=True)
    # Non-secret settings per kind: {"account_sid", "from_number"} for SMS, {"phone_number_id"}
    # for WhatsApp, {"username"} for a bot, {"outbound_url"} for a webhook.
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    sealed = models.TextField(blank=True)  # secrets.seal({...}): never shown again
    # The identity kind of this account's senders: "telegram", "bale", "botapi", ...
    identity_kind = models.CharField(_("identity kind"), max_length=16)
    # A solved conversation reopens when the customer writes within this many hours.
    reopen_hours = models.PositiveIntegerField(
        _("reopen a solved conversation within hours"), default=72
    )
    is_active = models.BooleanField(_("active"), default=True)
    webhook_note = models.CharField(_("webhook registration"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("messaging account")
        verbose_name_plural = _("messaging accounts")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """What tickets keep in Message.account for this account's messages."""
        return f"messaging:{self.pk}"

    @property
    def channel(self) -> str:
        return CHANNEL_OF[Kind(self.kind)]

    @property
    def base(self) -> str:
        return (self.api_base or DEFAULT_API_BASE[Kind(self.kind)]).rstrip("/")

    def setting(self, name: str) -> str:
        value: Any = (self.settings or {}).get(name, "")
        return str(value or "")


class Template(models.Model):
    """A message template the provider approved (WhatsApp): the one thing that may be sent
    once the customer's 24-hour window has closed."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="templates"
    )
    name = models.CharField(_("template name"), max_length=100)
    language = models.CharField(_("language code"), max_length=16, default="en")
    body = models.TextField(_("text"), help_text=_("As approved; {{1}}, {{2}} are filled in."))
    approved = models.BooleanField(_("approved by the provider"), default=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "name", "language"], name="messaging_template_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class TemplateUse(models.Model):
    """An outbound message that is a template, with the values of its placeholders."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="+")
    parameters = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"template {self.template_id} for message {self.message_id}"


class SentPart(models.Model):
    """One part of an outbound message the provider accepted (a long text is split, each
    attachment is its own request): a retry sends only the parts not recorded here."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")
    part = models.PositiveSmallIntegerField()
    provider_id = models.CharField(max_length=200, db_index=True)
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "part"], name="messaging_part_once")
        ]

    def __str__(self) -> str:
        return f"part {self.part} of message {self.message_id}"


class DroppedFile(models.Model):
    """A file a customer sent that was not kept (too large, or the provider would not give
    it), so it is never lost silently: the message carries a note, this row the detail."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(null=True)
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"dropped {self.filename}"
