"""Shapes of the promises and appointments API."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from hamdel.promises.models import Appointment, Promise
from hamdel.promises.wording import sentence_of


class PromiseIn(Schema):
    kind: str = Field(description="callback, reply, refund, deliver, fix, visit or other")
    due_at: datetime
    owner_agent_id: int | None = Field(None, description="a user id; default: the caller")
    owner_team_id: int | None = Field(None, description="a team owns it (no owner agent)")
    words: str = Field("", max_length=2000, description="what was promised, in their words")
    language: str = Field("", max_length=8, description="default: the conversation's")
    unlikely_reason: str = Field(
        "", max_length=2000, description="required when the feasibility check says unlikely"
    )
    told_in_reply: bool = Field(
        False, description="written into the next reply, which tells it rather than keeps it"
    )
    remind_minutes_before: int | None = Field(None, ge=0, le=10080)


class FeasibilityIn(PromiseIn):
    conversation_id: int | None = None


class FeasibilityOut(Schema):
    likely: bool
    realistic_due_at: datetime
    basis: str = Field(description='"history" (20 or more samples) or "default"')
    samples: int
    reasons: list[str]


class PromiseOut(Schema):
    id: int
    conversation_id: int | None
    customer_id: int
    kind: str
    due_at: datetime
    state: str
    owner_agent_id: int | None
    team_id: int | None
    words: str
    language: str
    reason: str
    realistic_due_at: datetime | None
    unlikely_reason: str
    created_at: datetime
    kept_at: datetime | None
    broken_at: datetime | None
    cancelled_at: datetime | None
    kept_on_time: bool
    sentence: str = Field(description="the promise as told to the customer, in their language")

    @staticmethod
    def resolve_sentence(promise: Promise) -> str:
        return sentence_of(promise)


class CancelIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class SlotOut(Schema):
    agent_id: int | None = Field(description="null for a resource's slot")
    start: datetime
    end: datetime
    resource_id: int | None = Field(None, description="set for a resource's slot")


class SlotsOut(Schema):
    slots: list[SlotOut]


class AppointmentIn(Schema):
    agent_id: int | None = Field(None, description="the agent booked; or give resource_id")
    resource_id: int | None = Field(None, description="the resource booked, instead of an agent")
    customer_id: int
    conversation_id: int | None = None
    start: datetime
    minutes: int = Field(ge=5, le=480)


class RescheduleIn(Schema):
    start: datetime
    minutes: int = Field(ge=5, le=480)


class AppointmentCancelIn(Schema):
    reason: str = Field("", max_length=2000)


class AppointmentOut(Schema):
    id: int
    agent_id: int | None
    resource_id: int | None
    customer_id: int
    conversation_id: int | None
    start: datetime
    end: datetime
    minutes: int
    state: str
    language: str
    sequence: int

    @staticmethod
    def resolve_minutes(appointment: Appointment) -> int:
        return appointment.minutes


class SlotTakenOut(Schema):
    detail: str
    field: str | None
    next_free_slots: list[SlotOut]


class ResourceIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    team_id: int = Field(description="its working hours are this team's calendar")
    is_active: bool = True


class ResourcePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=120)
    team_id: int | None = None
    is_active: bool | None = None


class ResourceOut(Schema):
    id: int
    name: str
    team_id: int
    is_active: bool
