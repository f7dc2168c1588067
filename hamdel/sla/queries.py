"""Reads of the sla app: calendars as engine objects, the policy for a conversation, timers."""

import threading
from datetime import datetime

from django.db.models import Min, OuterRef, QuerySet, Subquery

from hamdel.people.models import Organisation
from hamdel.sla.calendars import BusinessCalendar, Period
from hamdel.sla.models import Calendar, SlaPolicy, SlaTimer, TeamCalendar, TimerState
from hamdel.tickets.models import Conversation

# Built calendars keep their holiday tables; rebuilding them per message would cost more
# than the rest of an action. Keyed by (id, updated_at) so an import invalidates.
_CACHE_SIZE = 256
_cache: dict[tuple[int, datetime], BusinessCalendar] = {}
_cache_lock = threading.Lock()
_ROUND_THE_CLOCK = (Period(0, 0),)


def business_calendar_of(calendar: Calendar) -> BusinessCalendar:
    key = (calendar.pk, calendar.updated_at)
    with _cache_lock:
        built = _cache.get(key)
    if built is None:
        built = BusinessCalendar.from_dict(calendar.definition)
        with _cache_lock:
            if len(_cache) >= _CACHE_SIZE:
                _cache.clear()
            _cache[key] = built
    return built


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
