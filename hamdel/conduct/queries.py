"""Reads of the conduct app, each with its own joins."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from hamdel.conduct.models import Detection, Flag, Parting, PartingState, Severity
from hamdel.people.models import Customer
from hamdel.tickets.models import Conversation

EXPOSURE_WEEKS = 8
MAX_LISTED = 200


@dataclass
class ExposureRow:
    agent: str
    agent_id: int | None
    week: datetime
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def exposure(weeks: int = EXPOSURE_WEEKS, now: datetime | None = None) -> list[ExposureRow]:
    """Abusive messages each agent received, by severity and week (newest week first).
    An agent is exposed to a message that arrived while the conversation was theirs."""
    since = (now or timezone.now()) - timedelta(weeks=weeks)
    grouped = (
        Detection.objects.filter(created_at__gte=since)
        .annotate(week=TruncWeek("created_at"))
        .values("week", "agent", "agent__username", "severity")
        .annotate(n=Count("pk"))
        .order_by("-week", "agent__username")
    )
    rows: dict[tuple[datetime, int | None], ExposureRow] = {}
    for item in grouped:
        key = (item["week"], item["agent"])
        row = rows.setdefault(
            key, ExposureRow(item["agent__username"] or "", item["agent"], item["week"])
        )
        row.counts[item["severity"]] = item["n"]
    for row in rows.values():
        for severity in Severity.values:
            row.counts.setdefault(severity, 0)
    return list(rows.values())


def exposure_of(user: User, weeks: int = EXPOSURE_WEEKS) -> dict[str, int]:
    """One agent's total by severity over the last weeks (for staffing and the pulse)."""
    since = timezone.now() - timedelta(weeks=weeks)
    counts = dict(
        Detection.objects.filter(agent=user, created_at__gte=since)
        .values("severity")
        .annotate(n=Count("pk"))
        .values_list("severity", "n")
    )
    return {severity: counts.get(severity, 0) for severity in Severity.values}


def flag_of(conversation: Conversation) -> Flag | None:
    return Flag.objects.filter(conversation=conversation).first()


def detections_in(conversation: Conversation) -> QuerySet[Detection]:
    return (
        Detection.objects.filter(conversation=conversation)
        .select_related("message")
        .order_by("created_at", "pk")
    )


def detections_of_customer(customer: Customer) -> QuerySet[Detection]:
    return (
        Detection.objects.filter(customer=customer)
        .select_related("message", "conversation")
        .order_by("-created_at", "-pk")[:MAX_LISTED]
    )


def partings_of(customer: Customer) -> QuerySet[Parting]:
    return (
        Parting.objects.filter(customer=customer)
        .select_related("proposed_by", "decided_by", "reversed_by")
        .prefetch_related("evidence__conversation")
    )


def partings(state: str | None = None) -> QuerySet[Parting]:
    found = Parting.objects.select_related(
        "customer", "proposed_by", "decided_by", "reversed_by"
    ).prefetch_related("evidence")
    if state:
        found = found.filter(state=state)
    return found[:MAX_LISTED]


def parted(customer: Customer) -> Parting | None:
    return Parting.objects.filter(customer=customer, state=PartingState.APPROVED).first()
