"""Chat widgets on customers' sites, the visitors' chat sessions, and the open sockets.

A widget belongs to a team; the sites listed in `allowed_origins` may open its chat
socket. A visitor (a signed token in the page's localStorage) has one session per widget;
it holds the conversation its messages go to, who took the chat, and the one contact the
visitor left when nobody could answer. Open sockets are rows, so every web process sees
who is connected (agents available for chats, visitors reachable, sockets per address).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Agent, Team
from hamdel.tickets.models import Conversation

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class Widget(models.Model):
    name = models.CharField(_("name"), max_length=100)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="+"
    )
    # Origins (scheme://host[:port]) whose pages may open the chat; none: no site may.
    allowed_origins = models.JSONField(_("sites that may show it"), default=list, blank=True)
    # The languages the widget offers, the first one when the browser asks for another.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    no_answer_seconds = models.PositiveIntegerField(
        _("seconds before saying nobody has answered"), default=120
    )
    agent_capacity = models.PositiveSmallIntegerField(_("chats per agent at once"), default=3)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("chat widget")
        verbose_name_plural = _("chat widgets")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def offered_languages(self) -> list[str]:
        chosen = [code for code in self.languages or [] if code in LANGUAGE_CODES]
        return chosen or list(LANGUAGE_CODES)

    def language_for(self, asked: str) -> str:
        offered = self.offered_languages
        return asked if asked in offered else offered[0]


class ContactKind(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")


class ChatSession(models.Model):
    widget = models.ForeignKey(
        Widget, verbose_name=_("widget"), on_delete=models.PROTECT, related_name="sessions"
    )
    visitor = models.CharField(_("visitor"), max_length=40, unique=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_message_at = models.DateTimeField(_("first message"), null=True, blank=True)
    agent = models.ForeignKey(
        Agent,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    contact_kind = models.CharField(
        _("contact kind"), max_length=8, choices=ContactKind.choices, blank=True
    )
    contact = models.CharField(_("contact"), max_length=254, blank=True)
    # The newest message each side has seen (read receipts), by message id.
    visitor_read_upto = models.PositiveBigIntegerField(_("visitor read up to"), default=0)
    agent_read_upto = models.PositiveBigIntegerField(_("agent read up to"), default=0)
    left_at = models.DateTimeField(_("visitor left"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("chat session")
        verbose_name_plural = _("chat sessions")
        indexes = [models.Index(fields=["conversation"], name="chat_session_conv_idx")]

    def __str__(self) -> str:
        return self.visitor


class SocketKind(models.TextChoices):
    VISITOR = "visitor", _("Visitor")
    AGENT = "agent", _("Agent")


class Socket(models.Model):
    """One open WebSocket. Refreshed by its pings; a row not seen for `consumers.STALE`
    belonged to a process that stopped and counts as closed."""

    kind = models.CharField(_("kind"), max_length=8, choices=SocketKind.choices)
    channel_name = models.CharField(_("channel name"), max_length=200, unique=True)
    visitor = models.CharField(_("visitor"), max_length=40, blank=True, db_index=True)
    agent = models.ForeignKey(
        Agent, verbose_name=_("agent"), null=True, blank=True, on_delete=models.CASCADE
    )
    address = models.CharField(_("address (keyed hash)"), max_length=64, db_index=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    seen_at = models.DateTimeField(_("seen"), auto_now_add=True)

    class Meta:
        verbose_name = _("open socket")
        verbose_name_plural = _("open sockets")

    def __str__(self) -> str:
        return self.channel_name


class AgentChatSettings(models.Model):
    """An agent's own chat capacity, where it differs from the widgets' default."""

    agent = models.OneToOneField(
        Agent, verbose_name=_("agent"), on_delete=models.CASCADE, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(_("chats at once"))

    class Meta:
        verbose_name = _("agent chat settings")
        verbose_name_plural = _("agent chat settings")

    def __str__(self) -> str:
        return f"{self.agent_id}: {self.capacity}"


class Upload(models.Model):
    """A file a visitor posted, waiting for the chat message that sends it (then deleted)."""

    session = models.ForeignKey(
        ChatSession, verbose_name=_("chat session"), on_delete=models.CASCADE
    )
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("chat upload")
        verbose_name_plural = _("chat uploads")

    def __str__(self) -> str:
        return self.filename
