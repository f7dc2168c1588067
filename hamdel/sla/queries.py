"""Reads of the sla app: calendars as engine objects, the policy for a conversation, timers."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db.models import F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.query import prefetch_related_objects

from hamdel.lib.pagination import SALT, Page, read_cursor
from hamdel.people.models import Organisation
from hamdel.sla.calendars import BusinessCalendar, Period
from hamdel.sla.calendars.cache import built_calendar
from hamdel.sla.models import Calendar, Metric, SlaPolicy, SlaTimer, TeamCalendar, TimerState
from hamdel.tickets.models import Conversation

_ROUND_THE_CLOCK = (Period(0, 0),)


def business_calendar_of(calendar: Calendar) -> BusinessCalendar:
    return built_calendar(calendar.pk, calendar.updated_at, calendar.definition)


def round_the_clock(timezone: str) -> BusinessCalendar:
    """The calendar of a conversation whose team has none: every second counts."""
    return BusinessCalendar(name="24/7", timezone=timezone, weekly=(_ROUND_THE_CLOCK,) * 7)


def calendar_for(conversation: Conversation, policy: SlaPolicy | None) -> BusinessCalendar:
    """The policy's calendar, else the team's, else round the clock in the organisation's zone."""
    if policy is not None and policy.calendar_id is not None:
        return business_calendar_of(policy.calendar)  # type: ignore[arg-type]
    if conversation.team_id is not None:
        link = (
            TeamCalendar.objects.select_related("calendar")
            .filter(team_id=conversation.team_id)
            .first()
        )
        if link is not None:
            return business_calendar_of(link.calendar)
    return round_the_clock(Organisation.load().timezone)


def policy_for(conversation: Conversation) -> SlaPolicy | None:
    """The first active policy, by position, that matches the conversation."""
    policies = list(
        SlaPolicy.objects.filter(is_active=True)
        .select_related("calendar")
        .prefetch_related("teams")
        .order_by("position", "id")
    )
    for policy in policies:
        team_ids = {team.pk for team in policy.teams.all()}
        if policy.matches(conversation, team_ids):
            return policy
    return None


def live_timers(conversation: Conversation) -> QuerySet[SlaTimer]:
    return (
        SlaTimer.objects.filter(conversation=conversation)
        .exclude(state=TimerState.STOPPED)
        .select_related("policy", "policy__calendar")
        .order_by("metric")
    )


def timers_of(conversation: Conversation) -> list[SlaTimer]:
    """Every clock of a conversation, live ones first, for the conversation page."""
    return sorted(
        SlaTimer.objects.filter(conversation=conversation).select_related("policy"),
        key=lambda timer: (
            timer.state == TimerState.STOPPED,
            timer.due_at is None,
            timer.due_at,
            timer.pk,
        ),
    )


def with_sla_due(conversations: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """Annotate `sla_due_at`, the soonest due time of a live clock, for "due soonest" sorting."""
    soonest = (
        SlaTimer.objects.filter(conversation=OuterRef("pk"), due_at__isnull=False)
        .exclude(state=TimerState.STOPPED)
        .values("conversation")
        .annotate(soonest=Min("due_at"))
        .values("soonest")
    )
    return conversations.annotate(sla_due_at=Subquery(soonest))


def due_before(at: datetime, limit: int) -> list[tuple[int, datetime]]:
    """The sweep's one query: timers needing a look by `at`, soonest first (partial index)."""
    rows = (
        SlaTimer.objects.filter(next_check_at__lte=at)
        .order_by("next_check_at")
        .values_list("pk", "next_check_at")[:limit]
    )
    return [(pk, when) for pk, when in rows if when is not None]


# --- due times in the agent UI ------------------------------------------------------------

DUE_SOONEST = "due"  # the inbox's sort value for "due soonest"
LIVE_TIMERS_ATTR = "live_sla_timers"


def prefetch_sla_timers(conversations: Sequence[Conversation]) -> None:
    """Load the live clocks of a page of conversations in one query (not one per row);
    `sla_badge` then reads them from each conversation."""
    live = SlaTimer.objects.exclude(state=TimerState.STOPPED).order_by("due_at", "pk")
    prefetch_related_objects(
        list(conversations), Prefetch("sla_timers", queryset=live, to_attr=LIVE_TIMERS_ATTR)
    )


@dataclass(frozen=True)
class SlaBadge:
    state: str  # "breached", "due_soon", "running" or "paused"
    due_at: datetime | None  # the soonest due time of a running clock
    metric: str  # the metric of that clock (or of a paused one)

    @property
    def metric_label(self) -> str:
        return str(Metric(self.metric).label)


def _live_timers_of(conversation: Conversation) -> list[SlaTimer]:
    prefetched: list[SlaTimer] | None = getattr(conversation, LIVE_TIMERS_ATTR, None)
    if prefetched is not None:
        return prefetched
    return list(
        SlaTimer.objects.filter(conversation=conversation)
        .exclude(state=TimerState.STOPPED)
        .order_by("due_at", "pk")
    )


def sla_badge(conversation: Conversation, now: datetime) -> SlaBadge | None:
    """What the inbox row and the conversation header show: the next due time, and whether
    a clock is breached or past its warning. None when no clock is live."""
    timers = _live_timers_of(conversation)
    running = [timer for timer in timers if timer.due_at is not None]
    if not running:
        return SlaBadge("paused", None, timers[0].metric) if timers else None
    soonest = min(running, key=lambda timer: (timer.due_at or now, timer.pk))
    if any(timer.breached_at is not None or timer.is_overdue(now) for timer in running):
        state = "breached"
    elif any(
        timer.warned_at is not None or (timer.warn_at is not None and timer.warn_at <= now)
        for timer in running
    ):
        state = "due_soon"
    else:
        state = "running"
    return SlaBadge(state, soonest.due_at, soonest.metric)


def due_soonest_page(
    conversations: QuerySet[Conversation], *, list_name: str, cursor: str | None, limit: int
) -> Page[Conversation]:
    """One page of the inbox sorted by "due soonest": conversations with a running clock by
    its due time (`with_sla_due`, read through the timers' indexes), then those without one
    by id. Keyset cursors signed like the API's, so no row shifts between pages."""
    scope = f"{list_name}:{DUE_SOONEST}"
    rows = with_sla_due(conversations)
    if cursor:
        data = read_cursor(cursor, scope)
        last_id = int(data["i"])
        if data["v"] is None:
            rows = rows.filter(Q(sla_due_at__isnull=True), pk__gt=last_id)
        else:
            last_due = datetime.fromisoformat(data["v"])
            rows = rows.filter(
                Q(sla_due_at__gt=last_due)
                | Q(sla_due_at=last_due, pk__gt=last_id)
                | Q(sla_due_at__isnull=True)
            )
    order = (F("sla_due_at").asc(nulls_last=True), "pk")
    items = list(rows.order_by(*order)[: limit + 1])
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        due: datetime | None = getattr(last, "sla_due_at", None)
        next_cursor = signing.dumps(
            {"s": scope, "v": due.isoformat() if due else None, "i": last.pk},
            salt=SALT,
            compress=True,
        )
    return Page(items=items, next_cursor=next_cursor)
