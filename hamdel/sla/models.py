"""Business calendars, SLA policies and the timers that hold each conversation to them.

sla sits above tickets and people: it points at their rows, they never import it. Teams get
their calendar through `TeamCalendar`; conversations get their timers through `SlaTimer`.
"""

from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Team, Tier
from hamdel.sla.calendars import BusinessCalendar
from hamdel.sla.calendars.cache import built_calendar
from hamdel.tickets.models import Category, Channel, Conversation, Priority


class Calendar(models.Model):
    """A business calendar; `definition` is its file form (docs/calendars.md).

    Holiday corrections live inside the definition (`holidays.overrides`), so an exported
    file carries them and import/export round-trips.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    definition = models.JSONField(_("definition"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def business_calendar(self) -> BusinessCalendar:
        return built_calendar(self.pk, self.updated_at, self.definition)


class TeamCalendar(models.Model):
    """Which calendar a team works by (people must not depend on sla, so the link is here)."""

    team = models.OneToOneField(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="sla_calendar"
    )
    calendar = models.ForeignKey(
        Calendar, verbose_name=_("calendar"), on_delete=models.PROTECT, related_name="teams"
    )

    class Meta:
        verbose_name = _("team calendar")
        verbose_name_plural = _("team calendars")

    def __str__(self) -> str:
        return f"{self.team_id} → {self.calendar_id}"


class ReopenRule(models.TextChoices):
    RESTART = "restart", _("Restart the resolution clock with the full target")
    RESUME = "resume", _("Resume the resolution clock where it stopped")


class SlaPolicy(models.Model):
    """Targets in business minutes; the first active policy, by position, that matches wins.

    Each match list is a set of allowed values; an empty list matches anything.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    priorities = models.JSONField(_("priorities"), default=list, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    tiers = models.JSONField(_("customer tiers"), default=list, blank=True)
    teams = models.ManyToManyField(Team, verbose_name=_("teams"), blank=True, related_name="+")
    first_response_minutes = models.PositiveIntegerField(
        _("first response within (business minutes)"), null=True, blank=True
    )
    next_response_minutes = models.PositiveIntegerField(
        _("next response within (business minutes)"), null=True, blank=True
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution within (business minutes)"), null=True, blank=True
    )
    warning_percent = models.PositiveSmallIntegerField(
        _("warn at (percent of the target used)"), default=80
    )
    calendar = models.ForeignKey(
        Calendar,
        verbose_name=_("calendar (else the team's)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
    )
    on_reopen = models.CharField(
        _("when reopened"), max_length=16, choices=ReopenRule.choices, default=ReopenRule.RESTART
    )
    notify_supervisor = models.BooleanField(_("on breach: notify the supervisor"), default=True)
    escalate_to_team = models.ForeignKey(
        Team,
        verbose_name=_("on breach: reassign to team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    raise_priority = models.BooleanField(_("on breach: raise the priority one step"), default=False)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(warning_percent__gte=1, warning_percent__lte=100),
                name="sla_policy_warning_percent_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def matches(self, conversation: Conversation, team_ids: set[int]) -> bool:
        """`team_ids` is this policy's teams, fetched by the caller in one query for all."""
        checks: list[tuple[list[Any], Any]] = [
            (self.channels, conversation.channel),
            (self.priorities, conversation.priority),
            (self.categories, conversation.category),
            (self.tiers, conversation.customer.tier),
        ]
        if any(allowed and value not in allowed for allowed, value in checks):
            return False
        return not team_ids or conversation.team_id in team_ids

    def target_minutes(self, metric: "Metric") -> int | None:
        return {
            Metric.FIRST_RESPONSE: self.first_response_minutes,
            Metric.NEXT_RESPONSE: self.next_response_minutes,
            Metric.RESOLUTION: self.resolution_minutes,
        }[metric]


MATCHABLE = {
    "channels": Channel,
    "priorities": Priority,
    "categories": Category,
    "tiers": Tier,
}


class Metric(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_RESPONSE = "next_response", _("Next response")
    RESOLUTION = "resolution", _("Resolution")


class TimerState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused (waiting on the customer)")
    STOPPED = "stopped", _("Stopped")


class SlaTimer(models.Model):
    """One clock of one conversation against one target.

    Remaining business time is kept as of `running_since` (while running) or as of the
    pause; `due_at` and `warn_at` are derived from it with the calendar. `next_check_at`
    is the single indexed column the sweep reads: the warning time until warned, then the
    due time until breached, else empty.
    """

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="sla_timers",
    )
    metric = models.CharField(_("metric"), max_length=16, choices=Metric.choices)
    policy = models.ForeignKey(
        SlaPolicy,
        verbose_name=_("policy"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="timers",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=TimerState.choices, default=TimerState.RUNNING
    )
    target_seconds = models.PositiveIntegerField(_("target (business seconds)"))
    warning_percent = models.PositiveSmallIntegerField(_("warn at (%)"), default=80)
    remaining_seconds = models.IntegerField(_("remaining (business seconds)"))
    started_at = models.DateTimeField(_("started"))
    running_since = models.DateTimeField(_("running since"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warn at"), null=True, blank=True)
    next_check_at = models.DateTimeField(_("next check"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warned"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)

    class Meta:
        verbose_name = _("SLA timer")
        verbose_name_plural = _("SLA timers")
        indexes = [
            # The sweep: "what needs a look before now + horizon", partial so stopped,
            # paused and fully handled timers cost nothing.
            models.Index(
                fields=["next_check_at"],
                name="sla_timer_next_check_idx",
                condition=Q(next_check_at__isnull=False),
            ),
            # The inbox: "due soonest" among running clocks.
            models.Index(
                fields=["due_at"], name="sla_timer_due_idx", condition=Q(due_at__isnull=False)
            ),
            models.Index(fields=["conversation", "metric"], name="sla_timer_conversation_idx"),
        ]
        constraints = [
            # At most one live clock per metric: a new next-response clock stops the old one.
            models.UniqueConstraint(
                fields=["conversation", "metric"],
                condition=~Q(state="stopped"),
                name="sla_timer_one_live_per_metric",
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} of conversation {self.conversation_id}"

    @property
    def is_breached(self) -> bool:
        return self.breached_at is not None

    def was_met(self) -> bool:
        return self.state == TimerState.STOPPED and self.breached_at is None

    def is_overdue(self, now: datetime) -> bool:
        return self.due_at is not None and self.due_at <= now
