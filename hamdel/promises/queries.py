"""Reads of promises and appointments, each filtered by what the asking user may see.

A promise on a conversation is seen by whoever may open the conversation; a promise on a
customer alone (a taken message) by every agent, as customers are.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.query import prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _

from hamdel.people.models import Agent, Customer, Organisation, Team
from hamdel.promises.models import (
    DEFAULT_MINUTES,
    DEFAULT_REMINDER_MINUTES,
    Appointment,
    AppointmentState,
    Kind,
    Promise,
    ReminderSetting,
    State,
    TeamDefault,
)
from hamdel.sla.calendars import BusinessCalendar, working_intervals
from hamdel.sla.models import TeamCalendar
from hamdel.sla.queries import business_calendar_of, round_the_clock
from hamdel.tickets.models import Conversation
from hamdel.tickets.queries import visibility_filter, visible_conversations

UserLike = AbstractBaseUser | AnonymousUser


# --- calendars and history ----------------------------------------------------------------


def calendar_of_team(team_id: int | None) -> BusinessCalendar:
    """The team's business calendar, else round the clock in the organisation's zone."""
    if team_id is not None:
        link = TeamCalendar.objects.select_related("calendar").filter(team_id=team_id).first()
        if link is not None:
            return business_calendar_of(link.calendar)
    return round_the_clock(Organisation.load().timezone)


def first_team_id(user_id: int | None) -> int | None:
    if user_id is None:
        return None
    team: int | None = (
        Team.objects.filter(agents__user_id=user_id).order_by("name").values_list("pk", flat=True)
    ).first()
    return team


def calendar_of_agent(user_id: int) -> BusinessCalendar:
    return calendar_of_team(first_team_id(user_id))


def is_working_time(calendar: BusinessCalendar, moment: datetime) -> bool:
    for start, _end in working_intervals(calendar, moment, moment + timedelta(seconds=1)):
        return start <= moment
    return False


def history_minutes(team_id: int | None, kind: str, window: int) -> list[int]:
    """Business minutes the team's most recent kept promises of this kind took."""
    rows = _of_team(team_id).filter(kind=kind, kept_business_minutes__isnull=False)
    minutes = rows.order_by("-kept_at").values_list("kept_business_minutes", flat=True)
    return [value for value in minutes[:window] if value is not None]


def _of_team(team_id: int | None) -> QuerySet[Promise]:
    if team_id is None:
        return Promise.objects.filter(team__isnull=True)
    return Promise.objects.filter(team_id=team_id)


def default_minutes(team_id: int | None, kind: str) -> int:
    if team_id is not None:
        own = TeamDefault.objects.filter(team_id=team_id, kind=kind).values_list(
            "minutes", flat=True
        )
        for minutes in own:
            return int(minutes)
    return DEFAULT_MINUTES[Kind(kind)]


def reminder_minutes(team_id: int | None) -> int:
    if team_id is None:
        return DEFAULT_REMINDER_MINUTES
    setting = ReminderSetting.objects.filter(team_id=team_id).first()
    return setting.minutes_before if setting else DEFAULT_REMINDER_MINUTES


def open_promises_due_before(owner_id: int | None, team_id: int | None, due_at: datetime) -> int:
    """The owner's open promises due before `due_at` (a team's own, when a team owns it)."""
    rows = Promise.objects.filter(state=State.OPEN, due_at__lt=due_at)
    if owner_id is not None:
        return rows.filter(owner_agent_id=owner_id).count()
    return rows.filter(pk__in=_of_team(team_id).values("pk"), owner_agent__isnull=True).count()


def backlog_of_kind(team_id: int | None, kind: str) -> tuple[int, int]:
    """Open promises of this kind on the team, and how many active agents the team has."""
    if team_id is None:
        return 0, 1
    backlog = Promise.objects.filter(team_id=team_id, kind=kind, state=State.OPEN).count()
    agents = Agent.objects.filter(teams=team_id, user__is_active=True).count()
    return backlog, agents


def booked_minutes(user_id: int | None, since: datetime, until: datetime) -> int:
    if user_id is None:
        return 0
    rows = Appointment.objects.filter(
        agent_id=user_id, state=AppointmentState.BOOKED, start__lt=until, end__gt=since
    ).values_list("start", "end")
    total = timedelta(0)
    for start, end in rows:
        total += min(end, until) - max(start, since)
    return int(total.total_seconds() // 60)


# --- promises, as users see them ----------------------------------------------------------


def visible_promises(user: UserLike) -> QuerySet[Promise]:
    promises = Promise.objects.select_related(
        "conversation", "customer", "owner_agent", "team", "created_by"
    )
    if visibility_filter(user) is None:
        return promises
    return promises.filter(
        Q(conversation__isnull=True) | Q(conversation__in=visible_conversations(user))
    )


def promise_for(user: UserLike, pk: int) -> Promise:
    promise = visible_promises(user).filter(pk=pk).first()
    if promise is None:
        raise Http404(_("No promise with this id."))
    return promise


def filter_promises(
    promises: QuerySet[Promise],
    *,
    owner: str | None = None,
    asking: User | None = None,
    state: str | None = None,
    due_before: datetime | None = None,
) -> QuerySet[Promise]:
    """`owner` is "me", an agent's user id, or "team:<id>" (the team's promises)."""
    if owner == "me" and asking is not None:
        promises = promises.filter(owner_agent=asking)
    elif owner and owner.startswith("team:") and owner[5:].isdigit():
        promises = promises.filter(team_id=int(owner[5:]))
    elif owner and owner.isdigit():
        promises = promises.filter(owner_agent_id=int(owner))
    elif owner:
        promises = promises.none()
    if state:
        promises = promises.filter(state=state)
    if due_before is not None:
        promises = promises.filter(due_at__lt=due_before)
    return promises.order_by("due_at", "pk")


def my_promises(user: User, *, include_done: bool = False) -> QuerySet[Promise]:
    """The owner's promises, due soonest first: theirs, and their teams' unowned ones."""
    team_ids = list(Team.objects.filter(agents__user=user).values_list("pk", flat=True))
    promises = visible_promises(user).filter(
        Q(owner_agent=user) | Q(owner_agent__isnull=True, team_id__in=team_ids)
    )
    if not include_done:
        promises = promises.filter(state=State.OPEN)
    return promises.order_by("due_at", "pk")


ALL_PROMISES_ATTR = "_all_promises"


def promises_of_conversation(conversation: Conversation) -> list[Promise]:
    """Every promise of the conversation, open ones first; read once per page (the badge
    and the side panel share it)."""
    cached: list[Promise] | None = getattr(conversation, ALL_PROMISES_ATTR, None)
    if cached is None:
        rows = Promise.objects.filter(conversation=conversation).select_related(
            "owner_agent", "team"
        )
        cached = sorted(rows, key=lambda p: (p.state != State.OPEN, p.due_at, p.pk))
        setattr(conversation, ALL_PROMISES_ATTR, cached)
    return cached


def promises_of_customer(customer: Customer) -> list[Promise]:
    """The customer's promises on no conversation, open ones first (every agent sees them)."""
    rows = Promise.objects.filter(customer=customer, conversation__isnull=True).select_related(
        "owner_agent", "team"
    )
    return sorted(rows[:MAX_LISTED], key=lambda p: (p.state != State.OPEN, p.due_at, p.pk))


def appointments_of_conversation(conversation: Conversation) -> list[Appointment]:
    return list(
        Appointment.objects.filter(conversation=conversation, state=AppointmentState.BOOKED)
        .select_related("agent", "resource")
        .order_by("start")
    )


# --- badges -------------------------------------------------------------------------------

OPEN_PROMISES_ATTR = "open_promises"


def prefetch_open_promises(conversations: Sequence[Conversation]) -> None:
    """The open promises of a page of conversations in one query; `promise_badge` reads them."""
    open_promises = Promise.objects.filter(state=State.OPEN).order_by("due_at", "pk")
    prefetch_related_objects(
        list(conversations),
        Prefetch("promises", queryset=open_promises, to_attr=OPEN_PROMISES_ATTR),
    )


@dataclass(frozen=True)
class PromiseBadge:
    state: str  # "overdue", "due_soon" or "open"
    due_at: datetime
    kind: str
    count: int

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


def promise_badge(conversation: Conversation, now: datetime) -> PromiseBadge | None:
    """The soonest open promise of a conversation, and how many are open; None if none."""
    promises: list[Promise] | None = getattr(conversation, OPEN_PROMISES_ATTR, None)
    if promises is None:
        promises = [p for p in promises_of_conversation(conversation) if p.state == State.OPEN]
    if not promises:
        return None
    soonest = promises[0]
    if soonest.is_overdue(now):
        state = "overdue"
    elif soonest.due_soon(now):
        state = "due_soon"
    else:
        state = "open"
    return PromiseBadge(state, soonest.due_at, soonest.kind, len(promises))


# --- the kept rate ------------------------------------------------------------------------


@dataclass(frozen=True)
class KeptRate:
    label: str
    due: int
    kept_on_time: int
    broken: int
    key: int | None = None

    @property
    def percent(self) -> int | None:
        return None if self.due == 0 else round(100 * self.kept_on_time / self.due)


def _rates(group: str, since: datetime, until: datetime) -> list[tuple[int | None, int, int, int]]:
    rows = (
        Promise.objects.filter(due_at__gte=since, due_at__lt=until)
        .exclude(state=State.CANCELLED)
        .values(group)
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(kept_at__isnull=False, kept_at__lte=F("due_at"))),
            broken=Count("pk", filter=Q(broken_at__isnull=False)),
        )
        .order_by(group)
    )
    return [(row[group], row["due"], row["on_time"], row["broken"]) for row in rows]


def kept_rates_by_agent(since: datetime, until: datetime) -> list[KeptRate]:
    """Kept on time / due in [since, until), per owner agent (cancelled promises left out)."""
    rows = [row for row in _rates("owner_agent", since, until) if row[0] is not None]
    names = dict(User.objects.filter(pk__in=[row[0] for row in rows]).values_list("pk", "username"))
    return [
        KeptRate(names.get(key or 0, "?"), due, kept, broken, key)
        for key, due, kept, broken in rows
    ]


def kept_rates_by_team(since: datetime, until: datetime) -> list[KeptRate]:
    rows = [row for row in _rates("team", since, until) if row[0] is not None]
    names = dict(Team.objects.filter(pk__in=[row[0] for row in rows]).values_list("pk", "name"))
    return [
        KeptRate(names.get(key or 0, "?"), due, kept, broken, key)
        for key, due, kept, broken in rows
    ]


def kept_rate_of_agent(user_id: int, since: datetime, until: datetime) -> KeptRate:
    rows = (
        Promise.objects.filter(owner_agent_id=user_id, due_at__gte=since, due_at__lt=until)
        .exclude(state=State.CANCELLED)
        .aggregate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(kept_at__isnull=False, kept_at__lte=F("due_at"))),
            broken=Count("pk", filter=Q(broken_at__isnull=False)),
        )
    )
    return KeptRate("", rows["due"], rows["on_time"], rows["broken"], user_id)


# --- the sweep ----------------------------------------------------------------------------


def promises_to_remind(now: datetime, limit: int) -> list[int]:
    return list(
        Promise.objects.filter(
            state=State.OPEN, reminded_at__isnull=True, remind_at__lte=now, due_at__gt=now
        )
        .order_by("remind_at")
        .values_list("pk", flat=True)[:limit]
    )


def promises_past_due(now: datetime, limit: int) -> list[int]:
    return list(
        Promise.objects.filter(state=State.OPEN, due_at__lt=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )


def appointments_to_remind(now: datetime, limit: int) -> list[int]:
    return list(
        Appointment.objects.filter(
            state=AppointmentState.BOOKED,
            reminded_at__isnull=True,
            remind_at__lte=now,
            start__gt=now,
        )
        .order_by("remind_at")
        .values_list("pk", flat=True)[:limit]
    )


MAX_LISTED = 500  # promises in one API answer; filter by owner, state or due time for more
