"""Phone and callbacks endpoints. Thin: parse, call one query or action, return."""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from hamdel.people.models import Team
from hamdel.people.permissions import caller, my_agent, require_admin, require_supervisor
from hamdel.phone import actions, queries
from hamdel.phone.models import Call, Callback, Integration, TakenMessage
from hamdel.phone.schemas import (
    AttachIn,
    CallbackOut,
    CallOut,
    IntegrationCreated,
    IntegrationIn,
    IntegrationOut,
    MessageIn,
    OutcomeIn,
    ServiceLevelOut,
    TakenMessageOut,
)
from hamdel.tickets.queries import conversation_for

router = Router(tags=["phone"])
callbacks = Router(tags=["phone"])


def _integration(integration: Integration) -> dict[str, Any]:
    return {
        "id": integration.pk,
        "name": integration.name,
        "kind": integration.kind,
        "team": integration.team_id,
        "is_active": integration.is_active,
        "url": actions.integration_url(integration),
    }


@router.post("/integrations", response={201: IntegrationCreated})
def create_integration(request: HttpRequest, payload: IntegrationIn) -> Status[dict[str, Any]]:
    require_admin(request)
    team = Team.objects.filter(pk=payload.team).first()
    if team is None:
        raise ValidationError({"team": _("No team has this id.")})
    integration = actions.create_integration(
        name=payload.name,
        kind=payload.kind,
        team=team,
        auth_token=payload.auth_token,
        actor=caller(request),
    )
    return Status(201, _integration(integration))


@router.get("/integrations", response=list[IntegrationOut])
def list_integrations(request: HttpRequest) -> list[dict[str, Any]]:
    require_admin(request)
    return [_integration(integration) for integration in queries.integrations()]


class Range(Schema):
    queue: int | None = Field(None, description="a team id; all queues when left out")
    from_: datetime | None = Field(None, alias="from")
    to: datetime | None = None


@router.get("/service-level", response=ServiceLevelOut)
def service_level(request: HttpRequest, filters: Query[Range]) -> dict[str, Any]:
    require_supervisor(request)
    if filters.queue is not None:
        get_object_or_404(Team, pk=filters.queue)
    return queries.service_level(filters.queue, filters.from_, filters.to)


def _call(call: Call) -> dict[str, Any]:
    return {
        "id": call.pk,
        "call_id": call.call_id,
        "direction": call.direction,
        "phone": call.phone,
        "customer": call.customer_id,
        "team": call.team_id,
        "outcome": call.outcome,
        "started_at": call.started_at,
        "answered_at": call.answered_at,
        "ended_at": call.ended_at,
        "wait_seconds": call.wait_seconds,
        "talk_seconds": call.talk_seconds,
        "answered_by": call.answered_by_id,
        "recording_url": call.recording_url,
        "conversation": call.conversation_id,
        "callback": call.callback_id,
    }


CALLS_PAGE = 100


@router.get("/calls", response=list[CallOut])
def list_calls(request: HttpRequest, customer: int | None = None) -> list[dict[str, Any]]:
    calls = queries.calls_for(caller(request))
    if customer is not None:
        calls = calls.filter(customer_id=customer)
    return [_call(call) for call in calls[:CALLS_PAGE]]


@router.post("/calls/{call_id}/attach", response=CallOut)
def attach_call(request: HttpRequest, call_id: int, payload: AttachIn) -> dict[str, Any]:
    user = caller(request)
    call = queries.call_for(user, call_id)
    conversation = conversation_for(user, payload.conversation)
    return _call(actions.attach_call(call, conversation, user))


@router.post("/calls/{call_id}/conversation", response={201: CallOut})
def open_conversation(request: HttpRequest, call_id: int) -> Status[dict[str, Any]]:
    user = caller(request)
    call = queries.call_for(user, call_id)
    actions.open_conversation_for_call(call, user)
    return Status(201, _call(call))


def _message(message: TakenMessage) -> dict[str, Any]:
    return {
        "id": message.pk,
        "customer": message.customer_id,
        "caller_name": message.caller_name,
        "phone": message.phone,
        "about": message.about,
        "for_user": message.for_user_id,
        "team": message.team_id,
        "call_back_at": message.call_back_at,
        "conversation": message.conversation_id,
        "promise": message.promise_id,
        "status": message.status,
    }


@router.post("/messages", response={201: TakenMessageOut})
def take_message(request: HttpRequest, payload: MessageIn) -> Status[dict[str, Any]]:
    my_agent(request)
    colleague = get_object_or_404(User, pk=payload.for_user)
    message = actions.take_message(
        for_user=colleague,
        caller_name=payload.caller_name,
        phone=payload.phone,
        about=payload.about,
        call_back_at=payload.call_back_at,
        actor=caller(request),
    )
    return Status(201, _message(message))


@router.get("/messages", response=list[TakenMessageOut])
def list_messages(request: HttpRequest) -> list[dict[str, Any]]:
    return [_message(message) for message in queries.messages_for(caller(request))]


@router.post("/messages/{message_id}/done", response=TakenMessageOut)
def finish_message(request: HttpRequest, message_id: int) -> dict[str, Any]:
    user = caller(request)
    message = queries.message_for(user, message_id)
    return _message(actions.finish_message(message, user))


def callback_out(callback: Callback) -> dict[str, Any]:
    return {
        "id": callback.pk,
        "customer": callback.customer_id,
        "customer_name": callback.customer.name,
        "phone": callback.phone,
        "due_at": callback.due_at,
        "missed_calls": callback.missed_calls,
        "attempts": callback.attempts,
        "status": callback.status,
        "assignee": callback.promise.owner_agent_id,
        "team": callback.team_id,
        "escalated": callback.escalated_at is not None,
    }


CALLBACKS_PAGE = 500


@callbacks.get("/callbacks", response=list[CallbackOut])
def list_callbacks(request: HttpRequest, status: str | None = None) -> list[dict[str, Any]]:
    found = queries.callbacks_for(caller(request), status)
    return [callback_out(callback) for callback in found[:CALLBACKS_PAGE]]


@callbacks.post("/callbacks/{callback_id}/outcome", response=CallbackOut)
def record_outcome(request: HttpRequest, callback_id: int, payload: OutcomeIn) -> dict[str, Any]:
    user = caller(request)
    callback = queries.callback_for(user, callback_id)
    updated = actions.record_outcome(callback, payload.outcome, payload.retry_at, user)
    return callback_out(queries.callback_for(user, updated.pk))
