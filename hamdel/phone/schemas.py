"""Shapes of the phone and callbacks API (docs/phone.md). Field names are contracts."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field


class IntegrationIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    kind: Literal["generic", "twilio"]
    team: int = Field(description="the id of the team (queue) whose calls these are")
    auth_token: str = Field(
        "", max_length=200, description="Twilio only: your auth token, write-only"
    )


class IntegrationCreated(Schema):
    id: int
    url: str = Field(description="where the PBX posts its events: keep it secret")
    name: str
    kind: str
    team: int


class IntegrationOut(Schema):
    id: int
    name: str
    kind: str
    team: int
    is_active: bool
    url: str


class ServiceLevelOut(Schema):
    offered: int
    answered: int
    answered_within_target: int
    service_level: float | None
    asa_seconds: float | None
    abandoned: int
    abandon_rate: float | None
    target_seconds: int


class CallbackOut(Schema):
    id: int
    customer: int
    customer_name: str
    phone: str = Field(description="E.164")
    due_at: datetime
    missed_calls: int
    attempts: int
    status: str
    assignee: int | None = Field(description="the user id of the agent who owns it, if any")
    team: int
    escalated: bool


class OutcomeIn(Schema):
    outcome: Literal["reached", "no_answer", "wrong_number"]
    retry_at: datetime | None = None


class CallOut(Schema):
    id: int
    call_id: str
    direction: str
    phone: str
    customer: int | None
    team: int
    outcome: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    wait_seconds: int | None
    talk_seconds: int | None
    answered_by: int | None
    recording_url: str
    conversation: int | None
    callback: int | None


class AttachIn(Schema):
    conversation: int


class MessageIn(Schema):
    for_user: int = Field(description="the user id of the colleague the message is for")
    caller_name: str = Field("", max_length=200)
    phone: str = Field(min_length=1, max_length=64)
    about: str = Field(min_length=1, max_length=5000)
    call_back_at: datetime | None = None


class TakenMessageOut(Schema):
    id: int
    customer: int
    caller_name: str
    phone: str
    about: str
    for_user: int
    team: int
    call_back_at: datetime
    conversation: int
    promise: int
    status: str
