"""The complaints desk: its settings, the managed list of root causes, each complaint's
record (root cause, what was done, reopenings) and the policy signals (spike alerts and
the decisions supervisors take on them).

A complaint is a conversation of category complaint; `Complaint` holds only what the
conversation does not: the conversation's status, team and customer stay in tickets.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Customer, Team
from hamdel.sla.models import SlaPolicy
from hamdel.tickets.models import Conversation


class Desk(models.Model):
    """The one complaints desk of the installation (a singleton row, pk 1)."""

    team = models.ForeignKey(
        Team,
        verbose_name=_("desk team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    route_complaints = models.BooleanField(_("move complaints to the desk"), default=True)
    policy = models.ForeignKey(
        SlaPolicy,
        verbose_name=_("complaints SLA policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    escalate_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("told when a complaint is overdue"),
        blank=True,
        related_name="+",
    )
    # Used when a complaint has no SLA resolution clock (the policy was removed).
    escalate_after_minutes = models.PositiveIntegerField(
        _("overdue after (minutes, without an SLA clock)"), default=8 * 60
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("complaints desk")
        verbose_name_plural = _("complaints desk")

    def __str__(self) -> str:
        return f"desk → {self.team_id}"


class RootCause(models.Model):
    """One entry of the managed list supervisors edit; never deleted once used."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Complaint(models.Model):
    conversation = models.OneToOneField(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="complaint",
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), db_index=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    # Normalised tokens (hamdel.text.normalise) of the subject and first message, stored
    # once so the weekly grouping never re-tokenises old complaints.
    tokens = models.TextField(_("tokens"), blank=True)
    root_cause = models.ForeignKey(
        RootCause,
        verbose_name=_("root cause"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    resolution = models.TextField(_("what was done"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    reopen_count = models.PositiveIntegerField(_("times reopened"), default=0)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(
                fields=["escalated_at", "opened_at"],
                name="complaint_unresolved_idx",
                condition=Q(resolved_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"complaint on {self.conversation_id}"

    @property
    def is_recorded(self) -> bool:
        return self.root_cause_id is not None and bool(self.resolution.strip())


class GroupKind(models.TextChoices):
    ROOT_CAUSE = "root_cause", _("Root cause")
    TAG = "tag", _("Tag")
    TEXT = "text", _("Similar wording")


class Alert(models.Model):
    """A spike: more customers complained about one group in a week than its baseline
    explains (a one-sided Poisson test, see hamdel.complaints.signals_detect)."""

    group_kind = models.CharField(_("grouped by"), max_length=16, choices=GroupKind.choices)
    group_key = models.CharField(_("group"), max_length=200)
    label = models.CharField(_("about"), max_length=300)
    language = models.CharField(_("language"), max_length=8, blank=True)
    window_start = models.DateTimeField(_("week from"))
    window_end = models.DateTimeField(_("week to"))
    customers = models.PositiveIntegerField(_("customers"))
    baseline = models.FloatField(_("usual per week"))
    p_value = models.FloatField(_("p-value"))
    conversations = models.ManyToManyField(
        Conversation, verbose_name=_("conversations"), related_name="+"
    )
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)

    class Meta:
        verbose_name = _("complaint alert")
        verbose_name_plural = _("complaint alerts")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["group_kind", "group_key", "-window_end"], name="alert_group_idx")
        ]

    def __str__(self) -> str:
        return f"{self.group_kind}:{self.group_key} {self.customers}"


class Verdict(models.TextChoices):
    CHANGED = "changed", _("Policy changed")
    KEPT = "kept", _("Policy kept")


class Decision(models.Model):
    """What supervisors decided about a group; shown on every later alert of that group."""

    alert = models.ForeignKey(
        Alert, verbose_name=_("alert"), on_delete=models.CASCADE, related_name="decisions"
    )
    group_kind = models.CharField(_("grouped by"), max_length=16, choices=GroupKind.choices)
    group_key = models.CharField(_("group"), max_length=200)
    verdict = models.CharField(_("decision"), max_length=16, choices=Verdict.choices)
    why = models.TextField(_("why"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("policy decision")
        verbose_name_plural = _("policy decisions")
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["group_kind", "group_key"], name="decision_group_idx")]

    def __str__(self) -> str:
        return f"{self.verdict} on {self.group_kind}:{self.group_key}"
