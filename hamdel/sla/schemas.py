"""Shapes of the SLA API: policies, calendars, holidays and team calendars."""

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from hamdel.lib.validation import Body, Id, absent
from hamdel.sla.models import SlaPolicy

# A target of 0 minutes would breach the moment a conversation opens; a year at most.
Minutes = Annotated[int, Field(ge=1, le=525_600)]
MAX_POSITION = 1_000_000


class PolicyOut(Schema):
    id: int
    name: str
    position: int
    is_active: bool
    channels: list[str]
    priorities: list[str]
    categories: list[str]
    tiers: list[str]
    team_ids: list[int]
    first_response_minutes: int | None
    next_response_minutes: int | None
    resolution_minutes: int | None
    warning_percent: int
    calendar_id: int | None
    on_reopen: str
    notify_supervisor: bool
    escalate_to_team_id: int | None
    raise_priority: bool

    @staticmethod
    def resolve_team_ids(policy: SlaPolicy) -> list[int]:
        return sorted(team.pk for team in policy.teams.all())


class PolicyIn(Body):
    name: str = Field(min_length=1, max_length=100)
    position: int | None = Field(
        None, ge=0, le=MAX_POSITION, description="where it is tried; default: after every other"
    )
    is_active: bool = True
    channels: list[str] = []
    priorities: list[str] = []
    categories: list[str] = []
    tiers: list[str] = []
    team_ids: list[Id] = []
    first_response_minutes: Minutes | None = None
    next_response_minutes: Minutes | None = None
    resolution_minutes: Minutes | None = None
    warning_percent: int = Field(80, ge=1, le=100)
    calendar_id: Id | None = Field(None, description="else the team's calendar")
    on_reopen: str = Field("restart", description="restart or resume")
    notify_supervisor: bool = True
    escalate_to_team_id: Id | None = None
    raise_priority: bool = False


class PolicyPatch(Body):
    """Fields left out stay as they are; only the targets and references may be null."""

    name: str = absent(min_length=1, max_length=100)
    position: int = absent(ge=0, le=MAX_POSITION)
    is_active: bool = absent()
    channels: list[str] = absent()
    priorities: list[str] = absent()
    categories: list[str] = absent()
    tiers: list[str] = absent()
    team_ids: list[Id] = absent()
    first_response_minutes: Minutes | None = Field(None, description="null: no target")
    next_response_minutes: Minutes | None = Field(None, description="null: no target")
    resolution_minutes: Minutes | None = Field(None, description="null: no target")
    warning_percent: int = absent(ge=1, le=100)
    calendar_id: Id | None = None
    on_reopen: str = absent()
    notify_supervisor: bool = absent()
    escalate_to_team_id: Id | None = None
    raise_priority: bool = absent()


class ReorderIn(Body):
    ids: list[Id] = Field(description="every policy's id, in the order they are tried")


class CalendarOut(Schema):
    id: int
    name: str
    timezone: str
    team_ids: list[int]
    updated_at: datetime

    @staticmethod
    def resolve_timezone(calendar: Any) -> str:
        return str(calendar.definition.get("timezone", ""))

    @staticmethod
    def resolve_team_ids(calendar: Any) -> list[int]:
        return sorted(link.team_id for link in calendar.teams.all())


class ImportedOut(Schema):
    created: bool
    calendar: CalendarOut


class HolidayOut(Schema):
    date: date
    name: str | None
    estimated: bool
    corrected: bool


class HolidayIn(Body):
    name: str | None = Field(
        None, max_length=200, description="the holiday's name; null: no holiday on this date"
    )


class TeamCalendarIn(Body):
    calendar_id: Id | None = Field(description="null: the team's clocks run round the clock")


class TeamCalendarOut(Schema):
    team_id: int
    calendar_id: int | None
