"""Queues (a team each), shifts, routing items and decisions, presence activity, pulse."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Agent, Team
from hamdel.staffing.wording import explain
from hamdel.tickets.models import Conversation

# Open items an agent handles at once per channel, unless the queue says otherwise.
DEFAULT_CAPACITY = {"phone": 1, "chat": 3, "messenger": 4, "sms": 4, "email": 8, "web": 8}
FALLBACK_CAPACITY = 8


class Queue(models.Model):
    """A team's staffing and routing settings: a queue is a team (the complaints desk is one)."""

    team = models.OneToOneField(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="staffing_queue"
    )
    # Opt-in: a team routes its new work only once a supervisor switches it on.
    routing_enabled = models.BooleanField(_("route new work to agents"), default=False)
    target_sl = models.FloatField(_("service level target"), default=0.8)
    target_seconds = models.PositiveIntegerField(_("answered within (seconds)"), default=20)
    aht_seconds = models.PositiveIntegerField(_("average handling time (seconds)"), default=300)
    patience_seconds = models.PositiveIntegerField(
        _("average patience (seconds)"), null=True, blank=True
    )
    shrinkage = models.FloatField(_("shrinkage"), default=0.3)
    # channel → open items per agent; missing channels use DEFAULT_CAPACITY
    capacity = models.JSONField(_("capacity per channel"), default=dict, blank=True)

    class Meta:
        verbose_name = _("queue")
        verbose_name_plural = _("queues")

    def __str__(self) -> str:
        return str(self.team)

    def capacity_of(self, channel: str) -> int:
        value = self.capacity.get(channel) or DEFAULT_CAPACITY.get(channel, FALLBACK_CAPACITY)
        return max(1, int(value))


class Shift(models.Model):
    agent = models.ForeignKey(
        Agent, verbose_name=_("agent"), on_delete=models.CASCADE, related_name="shifts"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="shifts"
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["team", "start"], name="staffing_shift_team_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="staffing_shift_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agent} {self.start:%Y-%m-%d %H:%M}"


class ItemKind(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation")
    CALLBACK = "callback", _("Callback")


class ItemState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    ASSIGNED = "assigned", _("Assigned")
    DONE = "done", _("Done")


class Item(models.Model):
    """A piece of work routing places: a new conversation or chat, or a team's callback."""

    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    promise_id = models.BigIntegerField(_("callback"), null=True, blank=True)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=16)
    language = models.CharField(_("language"), max_length=8, blank=True)
    skill = models.CharField(_("skill needed"), max_length=64, blank=True)
    # Larger first: complaints, then higher value tiers, then urgency (routing.priority_of).
    priority = models.IntegerField(_("priority"), default=0)
    state = models.CharField(
        _("state"), max_length=16, choices=ItemState.choices, default=ItemState.WAITING
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # user ids who declined it: it never comes back to them
    declined_by = models.JSONField(_("declined by"), default=list, blank=True)
    created_at = models.DateTimeField(_("waiting since"), auto_now_add=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)

    class Meta:
        verbose_name = _("routed item")
        verbose_name_plural = _("routed items")
        indexes = [
            models.Index(
                fields=["team", "-priority", "created_at"],
                name="staffing_item_waiting_idx",
                condition=models.Q(state="waiting"),
            ),
            models.Index(fields=["assignee", "state"], name="staffing_item_assignee_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation"],
                condition=models.Q(state__in=["waiting", "assigned"], kind="conversation"),
                name="staffing_one_live_item_per_conversation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.conversation_id or self.promise_id}"


class Outcome(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    WAITING = "waiting", _("Waiting")
    DECLINED = "declined", _("Declined")


class Decision(models.Model):
    """Why an item went to an agent, waits, or was declined: shown on the item."""

    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="decisions"
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # what the explanation is made of (routing.explain words it in the reader's language)
    facts = models.JSONField(_("why"), default=dict)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("routing decision")
        verbose_name_plural = _("routing decisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.outcome} {self.facts}"

    @property
    def explanation(self) -> str:
        return explain(self.outcome, self.facts)


class Activity(models.Model):
    """When an agent last did something, and last got routed work (round-robin)."""

    agent = models.OneToOneField(
        Agent, verbose_name=_("agent"), on_delete=models.CASCADE, related_name="staffing_activity"
    )
    last_active_at = models.DateTimeField(_("last active"), null=True, blank=True)
    last_routed_at = models.DateTimeField(_("last routed work"), null=True, blank=True)
    # "agent" when the agent chose the presence, "activity" when the system did
    presence_set_by = models.CharField(_("presence set by"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("agent activity")
        verbose_name_plural = _("agent activity")

    def __str__(self) -> str:
        return str(self.agent)


class PulseAnswer(models.Model):
    """One agent's answers to the weekly pulse, kept without who gave them."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    week = models.DateField(_("week"))  # its Monday
    mood = models.PositiveSmallIntegerField(_("mood"))
    workload = models.PositiveSmallIntegerField(_("workload"))
    support = models.PositiveSmallIntegerField(_("support from the team"))

    class Meta:
        verbose_name = _("pulse answer")
        verbose_name_plural = _("pulse answers")
        indexes = [models.Index(fields=["week", "team"], name="staffing_pulse_week_idx")]

    def __str__(self) -> str:
        return f"{self.week}"


class PulseTaken(models.Model):
    """That an agent answered a week's pulse (and nothing about what they said)."""

    agent = models.ForeignKey(
        Agent, verbose_name=_("agent"), on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField(_("week"))

    class Meta:
        verbose_name = _("pulse taken")
        verbose_name_plural = _("pulses taken")
        constraints = [
            models.UniqueConstraint(fields=["agent", "week"], name="staffing_one_pulse_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.agent} {self.week}"
