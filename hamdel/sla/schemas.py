"""Shapes of the SLA API: policies, calendars, holidays and team calendars."""

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from hamdel.sla.models import SlaPolicy


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


class PolicyIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    position: int | None = Field(
        None, ge=0, description="where it is tried; default: after every other policy"
    )
    is_active: bool = True
    channels: list[str] = []
    priorities: list[str] = []
    categories: list[str] = []
    tiers: list[str] = []
    team_ids: list[int] = []
    first_response_minutes: int | None = Field(None, ge=0)
    next_response_minutes: int | None = Field(None, ge=0)
    resolution_minutes: int | None = Field(None, ge=0)
    warning_percent: int = Field(80, ge=1, le=100)
    calendar_id: int | None = Field(None, description="else the team's calendar")
    on_reopen: str = Field("restart", description="restart or resume")
    notify_supervisor: bool = True
    escalate_to_team_id: int | None = None
    raise_priority: bool = False


class PolicyPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    position: int | None = Field(None, ge=0)
    is_active: bool | None = None
    channels: list[str] | None = None
    priorities: list[str] | None = None
    categories: list[str] | None = None
    tiers: list[str] | None = None
    team_ids: list[int] | None = None
    first_response_minutes: int | None = Field(None, ge=0)
    next_response_minutes: int | None = Field(None, ge=0)
    resolution_minutes: int | None = Field(None, ge=0)
    warning_percent: int | None = Field(None, ge=1, le=100)
    calendar_id: int | None = None
    on_reopen: str | None = None
    notify_supervisor: bool | None = None
    escalate_to_team_id: int | None = None
    raise_priority: bool | None = None


class ReorderIn(Schema):
    ids: list[int] = Field(description="every policy's id, in the order they are tried")


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


class HolidayIn(Schema):
    name: str | None = Field(
        None, max_length=200, description="the holiday's name; null: no holiday on this date"
    )


class TeamCalendarIn(Schema):
    calendar_id: int | None = Field(description="null: the team's clocks run round the clock")


class TeamCalendarOut(Schema):
    team_id: int
    calendar_id: int | None
