"""Pydantic schemas of the staffing API."""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field


class StaffingOut(Schema):
    agents: int
    service_level: float
    probability_wait: float
    asa_seconds: float
    occupancy: float
    abandon_rate: float | None = None
    scheduled_agents: int | None = None


class ErrorFigures(Schema):
    mape: float | None
    wape: float | None


class IntervalOut(Schema):
    start: datetime
    forecast: float
    agents: int
    required: int
    scheduled: int
    gap: int


class PlanOut(Schema):
    team: int
    day: date
    interval_minutes: int
    channel: str
    method: str
    backtest: ErrorFigures
    baseline: ErrorFigures
    beats_baseline: bool
    intervals: list[IntervalOut]


class PresenceIn(Schema):
    presence: str


class PresenceOut(Schema):
    presence: str


class ItemOut(Schema):
    id: int
    kind: str
    state: str
    team: int
    conversation: int | None
    callback: int | None
    channel: str
    language: str
    skill: str
    priority: int
    waiting_since: datetime
    assignee: int | None
    explanation: str


class DeclineIn(Schema):
    reason: str = Field(min_length=1, max_length=200)


class PulseIn(Schema):
    mood: int = Field(ge=1, le=5)
    workload: int = Field(ge=1, le=5)
    support: int = Field(ge=1, le=5)


class ShiftIn(Schema):
    agent: int
    team: int
    start: datetime
    end: datetime


class ShiftOut(Schema):
    id: int
    agent: int
    team: int
    start: datetime
    end: datetime
