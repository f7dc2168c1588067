"""Shapes of the complaints API."""

from datetime import datetime

from ninja import Schema
from pydantic import Field


class ComplaintOut(Schema):
    conversation_id: int
    number: int = Field(alias="conversation.number")
    subject: str = Field(alias="conversation.subject")
    status: str = Field(alias="conversation.status")
    team_id: int | None = Field(alias="conversation.team_id")
    customer_id: int
    tier: str = Field(alias="customer.tier")
    opened_at: datetime
    language: str
    root_cause_id: int | None
    resolution: str
    resolved_at: datetime | None
    reopen_count: int
    escalated_at: datetime | None
    overdue: bool | None = Field(None, description="only in the open list")


class ResolutionIn(Schema):
    root_cause_id: int | None = None
    resolution: str = Field("", max_length=5000)


class RootCauseIn(Schema):
    name: str = Field(max_length=120)
    description: str = Field("", max_length=300)
    is_active: bool = True


class RootCausePatch(Schema):
    name: str | None = Field(None, max_length=120)
    description: str | None = Field(None, max_length=300)
    is_active: bool | None = None


class RootCauseOut(Schema):
    id: int
    name: str
    description: str
    is_active: bool


class PolicyDecisionIn(Schema):
    verdict: str = Field(description='"changed" or "kept"')
    why: str = Field(max_length=5000)


class DecisionOut(Schema):
    id: int
    alert_id: int
    verdict: str
    why: str
    decided_by_id: int | None
    decided_at: datetime


class AlertOut(Schema):
    id: int
    group_kind: str = Field(description='"root_cause", "tag" or "text"')
    group_key: str
    label: str
    language: str
    window_start: datetime
    window_end: datetime
    customers: int
    baseline: float
    p_value: float
    conversation_ids: list[int]
    created_at: datetime
    decisions: list[DecisionOut] = Field(description="of this group, newest first")


class DeskIn(Schema):
    team_id: int | None = None
    route_complaints: bool | None = None
    escalate_to: list[int] | None = Field(None, description="user ids")
    escalate_after_minutes: int | None = None


class DeskOut(Schema):
    team_id: int | None
    route_complaints: bool
    policy_id: int | None
    escalate_to: list[int]
    escalate_after_minutes: int
