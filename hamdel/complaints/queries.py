"""Reads of the complaints app, each with its own joins and permission filtering."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.http import Http404
from django.utils.translation import gettext as _

from hamdel.complaints.models import Alert, Complaint, Decision, Desk, RootCause
from hamdel.people.models import Tier
from hamdel.sla.models import Metric, SlaTimer, TimerState
from hamdel.tickets.models import Status
from hamdel.tickets.queries import conversation_for, visibility_filter, visible_conversations

# A complaint leaves the desk's open list when solved or closed (spam is not a complaint).
FINISHING = {Status.SOLVED, Status.CLOSED}
UNFINISHED = [Status.NEW, Status.OPEN, Status.WAITING, Status.ON_HOLD]
MAX_LISTED = 200
# Age buckets of the supervisors' page, in hours: under 4 h, a day, three days, older.
AGE_BUCKETS = (4, 24, 72)
ROOT_CAUSE_WEEKS = 8


def _overdue(now: datetime) -> Exists:
    """A live SLA clock of the conversation past its due time (or breached)."""
    return Exists(
        SlaTimer.objects.filter(conversation=OuterRef("conversation_id"))
        .exclude(state=TimerState.STOPPED)
        .filter(Q(breached_at__isnull=False) | Q(due_at__lte=now))
    )


def _has_resolution_clock() -> Exists:
    return Exists(
        SlaTimer.objects.filter(
            conversation=OuterRef("conversation_id"), metric=Metric.RESOLUTION
        ).exclude(state=TimerState.STOPPED)
    )


def with_overdue(complaints: QuerySet[Complaint], now: datetime, desk: Desk) -> QuerySet[Complaint]:
    """`overdue`: past an SLA clock, or (with no resolution clock) older than the desk's
    fallback limit."""
    limit = now - timedelta(minutes=desk.escalate_after_minutes)
    return complaints.annotate(
        sla_overdue=_overdue(now), has_clock=_has_resolution_clock()
    ).annotate(overdue=Q(sla_overdue=True) | (Q(has_clock=False) & Q(opened_at__lte=limit)))


def visible_complaints(user: User) -> QuerySet[Complaint]:
    complaints = Complaint.objects.select_related(
        "conversation", "customer", "root_cause", "conversation__team", "conversation__assignee"
    )
    seen = visibility_filter(user)
    if seen is None:
        return complaints
    return complaints.filter(conversation__in=visible_conversations(user).values("pk"))


def open_complaints(user: User, now: datetime, desk: Desk) -> QuerySet[Complaint]:
    """Unfinished complaints, overdue ones first, then the oldest first."""
    return with_overdue(
        visible_complaints(user).filter(conversation__status__in=UNFINISHED), now, desk
    ).order_by("-overdue", "opened_at", "pk")


def complaint_of(user: User, conversation_id: int) -> Complaint:
    conversation = conversation_for(user, conversation_id)
    complaint = (
        Complaint.objects.select_related("root_cause").filter(conversation=conversation).first()
    )
    if complaint is None:
        raise Http404(_("This conversation is not a complaint."))
    return complaint


def overdue_unescalated(now: datetime, desk: Desk) -> QuerySet[Complaint]:
    return (
        with_overdue(
            Complaint.objects.filter(
                resolved_at__isnull=True,
                escalated_at__isnull=True,
                conversation__status__in=UNFINISHED,
            ).select_related("conversation"),
            now,
            desk,
        )
        .filter(overdue=True)  # type: ignore[misc]  # an annotation django-stubs cannot see
        .order_by("opened_at")
    )


def active_root_causes() -> QuerySet[RootCause]:
    return RootCause.objects.filter(is_active=True)


def root_causes_with_use() -> QuerySet[RootCause]:
    return RootCause.objects.annotate(used=Count("complaints")).order_by("-is_active", "name")


@dataclass
class TierRow:
    tier: str
    label: str
    counts: list[int]  # one per age bucket
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class CauseTrend:
    weeks: list[datetime]
    rows: list[tuple[str, list[int]]] = field(default_factory=list)


def by_age_and_tier(complaints: list[Complaint], now: datetime) -> list[TierRow]:
    """Open complaints counted per customer value tier (best first) and age bucket."""
    rows = {
        tier: TierRow(tier, str(label), [0] * (len(AGE_BUCKETS) + 1), 0)
        for tier, label in reversed(Tier.choices)
    }
    for complaint in complaints:
        row = rows[complaint.customer.tier]
        hours = (now - complaint.opened_at).total_seconds() / 3600
        bucket = next((i for i, limit in enumerate(AGE_BUCKETS) if hours < limit), len(AGE_BUCKETS))
        row.counts[bucket] += 1
        row.overdue += bool(getattr(complaint, "overdue", False))
    return [row for row in rows.values() if row.total]


def root_causes_over_time(now: datetime, weeks: int = ROOT_CAUSE_WEEKS) -> CauseTrend:
    """Complaints recorded with each root cause per week (by when they were opened)."""
    since = now - timedelta(weeks=weeks)
    counted = (
        Complaint.objects.filter(opened_at__gte=since, root_cause__isnull=False)
        .annotate(week=TruncWeek("opened_at"))
        .values("week", "root_cause__name")
        .annotate(n=Count("pk"))
    )
    week_starts = sorted({row["week"] for row in counted})
    index = {week: i for i, week in enumerate(week_starts)}
    causes: dict[str, list[int]] = {}
    for row in counted:
        causes.setdefault(row["root_cause__name"], [0] * len(week_starts))[index[row["week"]]] += (
            row["n"]
        )
    trend = CauseTrend(week_starts)
    trend.rows = sorted(causes.items(), key=lambda item: -sum(item[1]))
    return trend


def reopened_total() -> int:
    return sum(Complaint.objects.filter(reopen_count__gt=0).values_list("reopen_count", flat=True))


def alerts() -> QuerySet[Alert]:
    return Alert.objects.all()


def alert(alert_id: int) -> Alert:
    found = Alert.objects.filter(pk=alert_id).first()
    if found is None:
        raise Http404(_("No such alert."))
    return found


def decisions_of(alert: Alert) -> list[Decision]:
    """Every decision on the alert's group, this alert's and earlier ones, newest first."""
    return list(
        Decision.objects.filter(group_kind=alert.group_kind, group_key=alert.group_key)
        .select_related("decided_by", "alert")
        .order_by("-decided_at", "-id")
    )


def decisions_by_group(alerts: list[Alert]) -> dict[tuple[str, str], list[Decision]]:
    """The decisions of each listed alert's group, in one query."""
    keys = {(a.group_kind, a.group_key) for a in alerts}
    if not keys:
        return {}
    found: dict[tuple[str, str], list[Decision]] = {}
    query = Q()
    for kind, key in keys:
        query |= Q(group_kind=kind, group_key=key)
    for decision in Decision.objects.filter(query).select_related("decided_by"):
        found.setdefault((decision.group_kind, decision.group_key), []).append(decision)
    return found
