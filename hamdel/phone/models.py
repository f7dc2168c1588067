"""Calls from any PBX, the callbacks missed calls leave, and messages taken for colleagues.

An `Integration` is one PBX (or Twilio account) posting call events to its own token URL.
Every event it posts is kept once (`CallEvent`, unique on integration, call id and event);
the `Call` row is folded again from all of a call's events after each one, so events that
arrive twice or out of order (a hangup before its newCall) still give one correct record.

A callback is a promise of kind "callback" (hamdel.promises): the `Callback` row here only
links the promise to the caller's number and counts missed calls and attempts. A taken
message is a promise too, owned by the colleague it is for.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Customer, Team
from hamdel.promises.models import Promise
from hamdel.tickets.models import Conversation

# Defaults of a queue (a team) without its own QueueSettings row.
TARGET_SECONDS = 20  # "answered before the 4th ring"
SHORT_ABANDON_SECONDS = 5  # callers who hang up sooner are counted apart
CALLBACK_MINUTES = 15  # business minutes from the missed call to the callback's due time
MAX_ATTEMPTS = 3  # tries without an answer before a callback is given up


class Kind(models.TextChoices):
    GENERIC = "generic", _("Generic CTI push (Asterisk, 3CX, sipgate.io)")
    TWILIO = "twilio", _("Twilio Voice")


class Integration(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # The queue its calls count in: service level, callbacks and screen pops are per team.
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="phone_integrations"
    )
    # The secret part of the URL the PBX posts to (43 URL-safe characters).
    token = models.CharField(_("token"), max_length=64, unique=True)
    # Twilio's auth token, sealed (hamdel.phone.secrets); empty for generic integrations.
    sealed_auth_token = models.TextField(_("auth token (sealed)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("phone integration")
        verbose_name_plural = _("phone integrations")

    def __str__(self) -> str:
        return self.name


class QueueSettings(models.Model):
    """A queue's own service-level target and callback rules; defaults above without one."""

    team = models.OneToOneField(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="phone_settings"
    )
    target_seconds = models.PositiveIntegerField(_("answer within (seconds)"), default=20)
    short_abandon_seconds = models.PositiveIntegerField(
        _("short abandon under (seconds)"), default=5
    )
    callback_minutes = models.PositiveIntegerField(
        _("call back within (business minutes)"), default=15
    )
    max_attempts = models.PositiveIntegerField(_("tries before giving up"), default=3)

    class Meta:
        verbose_name = _("phone queue settings")
        verbose_name_plural = _("phone queue settings")

    def __str__(self) -> str:
        return f"{self.team_id}: {self.target_seconds}s"


class Direction(models.TextChoices):
    INBOUND = "in", _("Inbound")
    OUTBOUND = "out", _("Outbound")


class Outcome(models.TextChoices):
    """How a call ended (empty while it is still going on)."""

    ONGOING = "", _("In progress")
    ANSWERED = "answered", _("Answered")
    MISSED = "missed", _("Missed")  # rang out, busy, nobody picked up
    ABANDONED = "abandoned", _("Abandoned")  # the caller hung up while waiting
    SHORT_ABANDON = "short_abandon", _("Short abandon")
    VOICEMAIL = "voicemail", _("Voicemail")
    NOT_REACHED = "not_reached", _("Not reached")  # an outbound call nobody answered


class Call(models.Model):
    integration = models.ForeignKey(
        Integration, verbose_name=_("integration"), on_delete=models.PROTECT, related_name="calls"
    )
    call_id = models.CharField(_("call id"), max_length=128)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.INBOUND
    )
    from_number = models.CharField(_("from"), max_length=64, blank=True)
    to_number = models.CharField(_("to"), max_length=64, blank=True)
    # The customer's side of the call in E.164 (the caller inbound, the callee outbound).
    phone = models.CharField(_("phone"), max_length=32, blank=True, db_index=True)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("queue"), on_delete=models.PROTECT, related_name="calls"
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.ONGOING, blank=True
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # Seconds from ringing to answer (answered calls) or to hang-up (the others).
    wait_seconds = models.PositiveIntegerField(_("waited (seconds)"), null=True, blank=True)
    talk_seconds = models.PositiveIntegerField(_("talked (seconds)"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_user = models.CharField(_("answered by (PBX user)"), max_length=128, blank=True)
    users = models.JSONField(_("rung users"), default=list, blank=True)
    cause = models.CharField(_("hang-up cause"), max_length=64, blank=True)
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    transferred_to = models.CharField(_("transferred to"), max_length=128, blank=True)
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    callback = models.ForeignKey(
        "Callback",
        verbose_name=_("callback"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    # Set once the ended call was written to the audit trail (and its callback handled).
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.UniqueConstraint(fields=["integration", "call_id"], name="phone_call_once")
        ]
        indexes = [
            # The service-level query: one queue's inbound calls in a time range.
            models.Index(fields=["team", "direction", "started_at"], name="phone_call_sl_idx"),
            models.Index(fields=["customer", "-started_at"], name="phone_call_customer_idx"),
        ]

    def __str__(self) -> str:
        return f"call {self.call_id} {self.direction} {self.outcome or 'ongoing'}"

    @property
    def is_over(self) -> bool:
        return self.ended_at is not None


class CallEvent(models.Model):
    """One event as the PBX posted it; kept once per call id and event."""

    integration = models.ForeignKey(
        Integration, verbose_name=_("integration"), on_delete=models.CASCADE, related_name="+"
    )
    call_id = models.CharField(_("call id"), max_length=128)
    event = models.CharField(_("event"), max_length=32)
    at = models.DateTimeField(_("at"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    data = models.JSONField(_("data"), default=dict)

    class Meta:
        verbose_name = _("call event")
        verbose_name_plural = _("call events")
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "call_id", "event"], name="phone_call_event_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.event}"


class CallbackStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REACHED = "reached", _("Reached")
    UNREACHED = "unreached", _("Not reached after every try")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    CANCELLED = "cancelled", _("Cancelled")  # its only missed call turned out answered


class Callback(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="callbacks"
    )
    phone = models.CharField(_("phone"), max_length=32)
    team = models.ForeignKey(
        Team, verbose_name=_("queue"), on_delete=models.PROTECT, related_name="callbacks"
    )
    # The open promise to call back; a retry after no answer is a new promise.
    promise = models.ForeignKey(
        Promise, verbose_name=_("promise"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CallbackStatus.choices, default=CallbackStatus.OPEN
    )
    missed_calls = models.PositiveIntegerField(_("missed calls"), default=0)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveIntegerField(_("tries before giving up"), default=MAX_ATTEMPTS)
    due_at = models.DateTimeField(_("due"))
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        constraints = [
            # Repeated missed calls from one number join the open callback.
            models.UniqueConstraint(
                fields=["phone"],
                condition=models.Q(status="open"),
                name="phone_one_open_callback",
            )
        ]
        indexes = [models.Index(fields=["team", "status", "due_at"], name="phone_callback_idx")]

    def __str__(self) -> str:
        return f"callback {self.pk} {self.phone} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status == CallbackStatus.OPEN


class MessageStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Called back")
    TEAM = "team", _("Moved to the team")


class TakenMessage(models.Model):
    """A message taken for a colleague who was away: call this caller back."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    caller_name = models.CharField(_("caller"), max_length=200)
    phone = models.CharField(_("number"), max_length=32)
    about = models.TextField(_("what it is about"))
    for_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for"),
        on_delete=models.PROTECT,
        related_name="phone_messages",
    )
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT)
    call_back_at = models.DateTimeField(_("call back by"))
    conversation = models.ForeignKey(
        Conversation, verbose_name=_("conversation"), on_delete=models.PROTECT, related_name="+"
    )
    promise = models.ForeignKey(
        Promise, verbose_name=_("promise"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=MessageStatus.choices, default=MessageStatus.OPEN
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("taken"), default=timezone.now)
    moved_at = models.DateTimeField(_("moved to the team"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("taken message")
        verbose_name_plural = _("taken messages")

    def __str__(self) -> str:
        return f"message {self.pk} for {self.for_user_id}"
