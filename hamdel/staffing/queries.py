"""Reads of staffing: the day's plan of a queue, the waiting work, the pulse."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db.models import Avg, Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hamdel.people.models import Agent, Team
from hamdel.people.queries import agent_of
from hamdel.staffing import erlang
from hamdel.staffing.forecast import Forecast, bin_counts, forecast
from hamdel.staffing.models import Decision, Item, ItemState, PulseAnswer, Queue, Shift
from hamdel.tickets.models import Conversation

HISTORY_WEEKS = 8  # of history the forecast learns from
MIN_GROUP = 5  # pulse answers fewer than this are never shown: they could name someone
PULSE_WEEKS = 8
MAX_LISTED = 200


@dataclass(frozen=True)
class Interval:
    start: datetime
    forecast: float  # contacts expected
    agents: int  # Erlang: answering the phones
    required: int  # to schedule, shrinkage included
    scheduled: int  # on shift

    @property
    def gap(self) -> int:
        return self.scheduled - self.required


@dataclass(frozen=True)
class Plan:
    team: Team
    queue: Queue
    day: date
    interval_minutes: int
    channel: str
    intervals: list[Interval]
    forecast: Forecast

    @property
    def short_intervals(self) -> int:
        return sum(1 for interval in self.intervals if interval.gap < 0)


def queue_for(team: Team) -> Queue:
    """The team's settings, unsaved defaults if nobody set them."""
    return Queue.objects.filter(team=team).first() or Queue(team=team)


def contact_history(
    team: Team, channel: str, start: datetime, end: datetime, interval_minutes: int
) -> list[float]:
    rows = Conversation.objects.filter(team=team, created_at__gte=start, created_at__lt=end)
    if channel:
        rows = rows.filter(channel=channel)
    count = int((end - start).total_seconds() // (interval_minutes * 60))
    return list(
        bin_counts(list(rows.values_list("created_at", flat=True)), start, interval_minutes, count)
    )


def plan_for(team: Team, day: date, interval_minutes: int, channel: str = "") -> Plan:
    """Forecast, Erlang and shifts of one day, interval by interval, in the team's time."""
    import numpy as np

    zone = ZoneInfo(team.timezone or "UTC")
    per_day = 24 * 60 // interval_minutes
    day_start = datetime.combine(day, time(), zone)
    today = datetime.combine(timezone.localtime(timezone.now(), zone).date(), time(), zone)
    history_end = min(day_start, today)
    start = history_end - timedelta(weeks=HISTORY_WEEKS)
    history = np.array(contact_history(team, channel, start, history_end, interval_minutes))
    ahead_days = (day_start - history_end).days + 1
    predicted = forecast(history, interval_minutes, start.weekday(), ahead_days * per_day)
    values = predicted.values[-per_day:]
    queue = queue_for(team)
    step = timedelta(minutes=interval_minutes)
    starts = [day_start + i * step for i in range(per_day)]
    shifts = list(
        Shift.objects.filter(team=team, start__lt=starts[-1] + step, end__gt=day_start).values_list(
            "start", "end"
        )
    )
    needed: dict[float, erlang.Staffing] = {}
    intervals = []
    for at, calls in zip(starts, values, strict=True):
        key = round(float(calls), 2)
        if key not in needed:
            needed[key] = erlang.required_agents(
                calls=key,
                interval_minutes=interval_minutes,
                aht=queue.aht_seconds,
                target_sl=queue.target_sl,
                target_seconds=queue.target_seconds,
                patience=queue.patience_seconds,
                shrinkage=queue.shrinkage,
            )
        staffing = needed[key]
        on_shift = sum(1 for begin, end in shifts if begin < at + step and end > at)
        intervals.append(
            Interval(at, key, staffing.agents, staffing.scheduled_agents or 0, on_shift)
        )
    return Plan(team, queue, day, interval_minutes, channel, intervals, predicted)


def shifts_of_day(team: Team, day: date) -> QuerySet[Shift]:
    zone = ZoneInfo(team.timezone or "UTC")
    start = datetime.combine(day, time(), zone)
    return Shift.objects.filter(
        team=team, start__lt=start + timedelta(days=1), end__gt=start
    ).select_related("agent__user")


def shift_for(user: User, pk: int) -> Shift:
    """Supervisors may change any shift; nobody else (404 like a missing one)."""
    agent = agent_of(user)
    shift = get_object_or_404(Shift, pk=pk)
    if agent is None or not agent.sees_everything:
        from django.http import Http404

        raise Http404
    return shift


def _visible_items(user: User) -> QuerySet[Item]:
    agent = agent_of(user)
    items = Item.objects.all()
    if agent is None:
        return items.none()
    if not agent.sees_everything:
        items = items.filter(team__in=agent.teams.all())
    return items


def waiting_items(user: User) -> QuerySet[Item]:
    """The visible queue: nothing waits unseen. Most urgent first, then longest waiting."""
    latest = Decision.objects.order_by("-created_at", "-pk")
    return (
        _visible_items(user)
        .filter(state=ItemState.WAITING)
        .select_related("team", "conversation__customer")
        .prefetch_related(Prefetch("decisions", queryset=latest))
        .order_by("-priority", "created_at", "pk")
    )


def waiting_counts() -> dict[int, int]:
    rows = (
        Item.objects.filter(state=ItemState.WAITING)
        .values("team")
        .annotate(n=Count("id"))
        .values_list("team", "n")
    )
    return dict(rows)


def my_items(user: User) -> QuerySet[Item]:
    return (
        Item.objects.filter(assignee=user, state=ItemState.ASSIGNED)
        .select_related("team", "conversation__customer")
        .order_by("assigned_at", "pk")
    )


def item_for(user: User, pk: int) -> Item:
    return get_object_or_404(_visible_items(user) | Item.objects.filter(assignee=user), pk=pk)


def decisions_of_conversation(conversation: Conversation) -> list[Decision]:
    return list(
        Decision.objects.filter(item__conversation=conversation)
        .select_related("item")
        .order_by("-created_at", "-pk")[:10]
    )


@dataclass(frozen=True)
class PulseRow:
    week: date
    team: str  # "" for everyone
    answers: int
    mood: float | None  # None when fewer than MIN_GROUP answered
    workload: float | None
    support: float | None


def pulse_summary(today: date) -> list[PulseRow]:
    """Weekly averages per team and for everyone; a group under MIN_GROUP shows no figures."""
    since = today - timedelta(weeks=PULSE_WEEKS)
    averages = {"mood": Avg("mood"), "workload": Avg("workload"), "support": Avg("support")}
    rows: list[PulseRow] = []
    for row in (
        PulseAnswer.objects.filter(week__gte=since)
        .values("week")
        .annotate(n=Count("id"), **averages)
        .order_by("-week")
    ):
        rows.append(_pulse_row(row, ""))
    for row in (
        PulseAnswer.objects.filter(week__gte=since, team__isnull=False)
        .values("week", "team__name")
        .annotate(n=Count("id"), **averages)
        .order_by("-week", "team__name")
    ):
        rows.append(_pulse_row(row, row["team__name"]))
    return rows


def _pulse_row(row: dict[str, object], team: str) -> PulseRow:
    shown = int(str(row["n"])) >= MIN_GROUP

    def figure(name: str) -> float | None:
        value = row[name]
        return round(float(str(value)), 2) if shown and value is not None else None

    return PulseRow(
        row["week"],  # type: ignore[arg-type]  # a date from the values() row
        team,
        int(str(row["n"])),
        figure("mood"),
        figure("workload"),
        figure("support"),
    )


def team_agents(team: Team) -> QuerySet[Agent]:
    return Agent.objects.filter(teams=team, user__is_active=True).select_related("user")
