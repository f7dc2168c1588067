"""Promises made to customers and appointments booked with them.

A promise has one owner (an agent, or a team when nobody in particular will keep it), a
due time and a state: open → kept | broken | cancelled. An appointment is a slot of an
agent's (or a bookable resource's) time with a customer; two live appointments of one agent,
or of one resource, never overlap (an
exclusion constraint on PostgreSQL, an IMMEDIATE transaction and an overlap check on SQLite).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Customer, Team
from hamdel.tickets.models import Conversation, Message


class Kind(models.TextChoices):
    CALLBACK = "callback", _("Call back")
    REPLY = "reply", _("Reply")
    REFUND = "refund", _("Refund")
    DELIVER = "deliver", _("Deliver")
    FIX = "fix", _("Fix")
    VISIT = "visit", _("Visit")
    OTHER = "other", _("Other")


class State(models.TextChoices):
    OPEN = "open", _("Open")
    KEPT = "kept", _("Kept")
    BROKEN = "broken", _("Broken")
    CANCELLED = "cancelled", _("Cancelled")


# Business minutes a kind of promise takes when a team has too little history (< 20 kept
# promises of that kind): one working day is 480 minutes.
DEFAULT_MINUTES = {
    Kind.CALLBACK: 120,
    Kind.REPLY: 240,
    Kind.REFUND: 3 * 480,
    Kind.DELIVER: 5 * 480,
    Kind.FIX: 2 * 480,
    Kind.VISIT: 3 * 480,
    Kind.OTHER: 480,
}


class Promise(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="promises"
    )
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="promises",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    due_at = models.DateTimeField(_("due"))
    owner_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="promises",
    )
    # The team whose history and calendar the promise is measured by; without an owner
    # agent the team itself owns the promise. Else the conversation's team, else the owner
    # agent's first team.
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="promises",
    )
    words = models.TextField(_("what was promised"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    reason = models.TextField(_("reason"), blank=True)  # why it was cancelled
    # The feasibility check when it was made: the realistic time, and the agent's reason
    # for promising an earlier one.
    realistic_due_at = models.DateTimeField(_("realistic due time"), null=True, blank=True)
    unlikely_reason = models.TextField(_("reason for an unlikely time"), blank=True)
    # Written into a reply: the next outbound message tells it, and does not keep it.
    told_in_reply = models.BooleanField(_("told in a reply"), default=False)
    told_message = models.ForeignKey(
        Message,
        verbose_name=_("told in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    kept_at = models.DateTimeField(_("kept"), null=True, blank=True)
    # Business minutes from made to kept on the team's calendar, stored once when kept:
    # the history the feasibility check reads.
    kept_business_minutes = models.PositiveIntegerField(
        _("business minutes to keep"), null=True, blank=True
    )
    broken_at = models.DateTimeField(_("broken"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    remind_at = models.DateTimeField(_("reminder"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        indexes = [
            models.Index(fields=["owner_agent", "state", "due_at"], name="promise_owner_idx"),
            models.Index(fields=["team", "state", "due_at"], name="promise_team_idx"),
            models.Index(fields=["conversation", "state"], name="promise_conv_idx"),
            # The history of a kind per team, newest first: the feasibility check's query.
            models.Index(
                fields=["team", "kind", "-kept_at"],
                name="promise_history_idx",
                condition=models.Q(kept_business_minutes__isnull=False),
            ),
            # The sweep: open promises by due time and by reminder time.
            models.Index(
                fields=["due_at"], name="promise_open_due_idx", condition=models.Q(state="open")
            ),
            models.Index(
                fields=["remind_at"],
                name="promise_remind_idx",
                condition=models.Q(state="open", reminded_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_agent__isnull=False) | models.Q(team__isnull=False),
                name="promise_has_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} promise {self.pk} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN

    def is_overdue(self, now: datetime) -> bool:
        return self.state == State.OPEN and self.due_at < now

    def due_soon(self, now: datetime) -> bool:
        return self.state == State.OPEN and now <= self.due_at <= now + DUE_SOON

    @property
    def kept_on_time(self) -> bool:
        return self.kept_at is not None and self.kept_at <= self.due_at


DUE_SOON = timedelta(hours=2)


class ReminderSetting(models.Model):
    """How long before a promise is due its owner is reminded, per team."""

    team = models.OneToOneField(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="promise_reminder"
    )
    minutes_before = models.PositiveIntegerField(_("remind this many minutes before"), default=30)

    class Meta:
        verbose_name = _("promise reminder setting")
        verbose_name_plural = _("promise reminder settings")

    def __str__(self) -> str:
        return f"{self.team_id}: {self.minutes_before} min"


DEFAULT_REMINDER_MINUTES = 30


class TeamDefault(models.Model):
    """A team's own expectation for a kind of promise, used until it has enough history."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="promise_defaults"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    minutes = models.PositiveIntegerField(_("business minutes"))

    class Meta:
        verbose_name = _("team default for promises")
        verbose_name_plural = _("team defaults for promises")
        constraints = [
            models.UniqueConstraint(fields=["team", "kind"], name="promise_default_once")
        ]

    def __str__(self) -> str:
        return f"{self.team_id} {self.kind} {self.minutes}"


class AppointmentState(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class Resource(models.Model):
    """Something booked with a customer instead of an agent: a room, a device, a van.

    Its working hours are its team's business calendar (round the clock without one)."""

    name = models.CharField(_("name"), max_length=120)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="resources"
    )
    is_active = models.BooleanField(_("bookable"), default=True)

    class Meta:
        verbose_name = _("bookable resource")
        verbose_name_plural = _("bookable resources")
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="resource_name_once_per_team")
        ]

    def __str__(self) -> str:
        return self.name


class Appointment(models.Model):
    # With an agent or with a resource, never both (appointment_has_one_bookee).
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    resource = models.ForeignKey(
        Resource,
        verbose_name=_("resource"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="appointments"
    )
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=AppointmentState.choices,
        default=AppointmentState.BOOKED,
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    # Bumped on every reschedule: the SEQUENCE of the .ics, so calendars replace the old one.
    sequence = models.PositiveIntegerField(_("version"), default=0)
    uid = models.CharField(_("calendar id"), max_length=100, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    remind_at = models.DateTimeField(_("reminder"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["agent", "start"], name="appointment_agent_idx"),
            models.Index(fields=["resource", "start"], name="appointment_resource_idx"),
            models.Index(
                fields=["remind_at"],
                name="appointment_remind_idx",
                condition=models.Q(state="booked", reminded_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="appointment_ends_after_start"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(agent__isnull=False, resource__isnull=True)
                    | models.Q(agent__isnull=True, resource__isnull=False)
                ),
                name="appointment_has_one_bookee",
            ),
        ]
        # PostgreSQL also has `appointment_no_overlap` (agents, migration 0002) and
        # `appointment_no_overlap_resource` (resources, migration 0003), exclusion
        # constraints (btree_gist) which Django's SQLite backend cannot express.

    def __str__(self) -> str:
        return f"appointment {self.pk} {self.start:%Y-%m-%d %H:%M}"

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)
