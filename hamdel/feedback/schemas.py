"""Shapes of the feedback API."""

from datetime import datetime

from ninja import Schema
from pydantic import Field


class SurveyOut(Schema):
    id: int
    kind: str = Field(description='"csat" (1-5) or "nps" (0-10)')
    customer_id: int
    conversation_id: int
    campaign_id: int | None
    agent_id: int | None
    team_id: int | None
    channel: str
    language: str
    sent_at: datetime
    score: int | None
    comment: str = Field(description="plain text as the customer typed it; never HTML")
    answered_at: datetime | None
    answers: int = Field(description="times the customer answered; the score counts once")
    follow_up_id: int | None = Field(description="the supervisor's follow-up promise")


class SurveyFilters(Schema):
    kind: str | None = None
    conversation_id: int | None = None
    customer_id: int | None = None
    agent_id: int | None = None
    team_id: int | None = None
    campaign_id: int | None = None
    answered: bool | None = None
    score_min: int | None = None
    score_max: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = Field(100, ge=1, le=500)


class ResultOut(Schema):
    label: str
    sent: int
    answered: int
    average: float | None
    satisfied: int = Field(description="answers of 4 or 5")
    response_rate: int | None = Field(description="% of sent surveys answered")
    satisfied_rate: int | None = Field(description="% of answers that are 4 or 5")


class NetPromoterOut(Schema):
    answered: int
    promoters: int
    detractors: int
    score: int | None = Field(description="% promoters minus % detractors, -100 to 100")


class ResultsOut(Schema):
    since: datetime
    until: datetime
    csat: ResultOut
    teams: list[ResultOut]
    agents: list[ResultOut]
    nps: NetPromoterOut


class SegmentIn(Schema):
    tiers: list[str] = Field(default_factory=list, description="empty: every tier")
    languages: list[str] = Field(default_factory=list, description="empty: every language")
    last_contact_days: int | None = Field(None, description="wrote within this many days")


class CampaignIn(Schema):
    name: str = Field(max_length=200)
    segment: SegmentIn | None = Field(None, description="default: every customer")
    scheduled_at: datetime | None = Field(None, description="default: now")


class CampaignOut(Schema):
    id: int
    name: str
    state: str = Field(description="scheduled, sending, done or cancelled")
    segment: SegmentIn
    scheduled_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    total: int = Field(description="customers in the segment when sending started")
    sent: int
    skipped: int = Field(description="no channel that can carry it, or surveyed recently")
    progress: int = Field(description="% of the segment handled")
    answered: int
    nps: NetPromoterOut


class SettingsIO(Schema):
    csat_enabled: bool
    period_days: int = Field(ge=0, le=3650)
    delay_minutes: int = Field(ge=0, le=10080)
    low_csat: int = Field(ge=1, le=5)
    low_nps: int = Field(ge=0, le=10)
    follow_up_hours: int = Field(ge=1, le=720)
    link_days: int = Field(ge=1, le=3650)
