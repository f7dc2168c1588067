"""Promise and appointment endpoints. Thin: parse, call one query or action, return."""

from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from hamdel.people.models import Agent, Customer, Team
from hamdel.people.permissions import caller, require_admin
from hamdel.promises import actions, appointments, queries
from hamdel.promises.models import Appointment, Promise, Resource
from hamdel.promises.schemas import (
    AppointmentCancelIn,
    AppointmentIn,
    AppointmentOut,
    CancelIn,
    FeasibilityIn,
    FeasibilityOut,
    PromiseIn,
    PromiseOut,
    RescheduleIn,
    ResourceIn,
    ResourceOut,
    ResourcePatch,
    SlotsOut,
    SlotTakenOut,
)
from hamdel.tickets.queries import conversation_for

router = Router(tags=["promises"])
MAX_SLOT_RANGE = timedelta(days=31)


def _draft(request: HttpRequest, payload: PromiseIn) -> actions.PromiseDraft:
    team = get_object_or_404(Team, pk=payload.owner_team_id) if payload.owner_team_id else None
    if payload.owner_agent_id is not None:
        owner: User | None = get_object_or_404(User, pk=payload.owner_agent_id)
    else:
        owner = None if team is not None else caller(request)
    return actions.PromiseDraft(
        kind=payload.kind,
        due_at=payload.due_at,
        owner_agent=owner,
        owner_team=team,
        words=payload.words,
        language=payload.language,
    )


@router.post("/conversations/{int:conversation_id}/promises", response={201: PromiseOut})
def make_promise(request: HttpRequest, conversation_id: int, payload: PromiseIn) -> Status[Promise]:
    conversation = conversation_for(caller(request), conversation_id)
    promise = actions.make_promise(
        _draft(request, payload),
        customer=conversation.customer,
        conversation=conversation,
        actor=caller(request),
        unlikely_reason=payload.unlikely_reason,
        told_in_reply=payload.told_in_reply,
        remind_minutes_before=payload.remind_minutes_before,
    )
    return Status(201, queries.promise_for(caller(request), promise.pk))


@router.post("/customers/{int:customer_id}/promises", response={201: PromiseOut})
def make_customer_promise(
    request: HttpRequest, customer_id: int, payload: PromiseIn
) -> Status[Promise]:
    """A promise on the customer alone (a taken message, a call with no conversation)."""
    customer = get_object_or_404(Customer, pk=customer_id)
    promise = actions.make_promise(
        _draft(request, payload),
        customer=customer,
        conversation=None,
        actor=caller(request),
        unlikely_reason=payload.unlikely_reason,
        told_in_reply=payload.told_in_reply,
        remind_minutes_before=payload.remind_minutes_before,
    )
    return Status(201, queries.promise_for(caller(request), promise.pk))


@router.post("/promises/feasibility", response=FeasibilityOut)
def check_feasibility(request: HttpRequest, payload: FeasibilityIn) -> dict[str, object]:
    conversation = (
        conversation_for(caller(request), payload.conversation_id)
        if payload.conversation_id is not None
        else None
    )
    result = actions.check_feasibility(_draft(request, payload), conversation, timezone.now())
    return result.as_dict()


class PromiseFilters(Schema):
    owner: str | None = None  # "me", an agent's user id, or "team:<id>"
    state: str | None = None
    due_before: datetime | None = None


@router.get("/promises", response=list[PromiseOut])
def list_promises(request: HttpRequest, filters: Query[PromiseFilters]) -> list[Promise]:
    promises = queries.filter_promises(
        queries.visible_promises(caller(request)),
        owner=filters.owner,
        asking=caller(request),
        state=filters.state,
        due_before=filters.due_before,
    )
    return list(promises[: queries.MAX_LISTED])


@router.get("/promises/{int:promise_id}", response=PromiseOut)
def get_promise(request: HttpRequest, promise_id: int) -> Promise:
    return queries.promise_for(caller(request), promise_id)


@router.post("/promises/{int:promise_id}/keep", response=PromiseOut)
def keep_promise(request: HttpRequest, promise_id: int) -> Promise:
    promise = queries.promise_for(caller(request), promise_id)
    actions.keep_promise(promise, caller(request))
    return queries.promise_for(caller(request), promise_id)


@router.post("/promises/{int:promise_id}/cancel", response=PromiseOut)
def cancel_promise(request: HttpRequest, promise_id: int, payload: CancelIn) -> Promise:
    promise = queries.promise_for(caller(request), promise_id)
    actions.cancel_promise(promise, caller(request), payload.reason)
    return queries.promise_for(caller(request), promise_id)


# --- appointments -------------------------------------------------------------------------


class SlotFilters(Schema):
    team: int | None = None
    agent: int | None = None
    resource: int | None = None
    since: datetime | None = Field(None, alias="from", description="default: now")
    until: datetime | None = Field(None, alias="to", description="default: a week later")
    minutes: int = Field(30, ge=5, le=480)


@router.get("/appointments/slots", response=SlotsOut)
def list_slots(request: HttpRequest, filters: Query[SlotFilters]) -> dict[str, object]:
    since = filters.since or timezone.now()
    until = min(filters.until or since + timedelta(days=7), since + MAX_SLOT_RANGE)
    if filters.resource is not None:
        resource = get_object_or_404(Resource, pk=filters.resource, is_active=True)
        slots = appointments.free_resource_slots([resource.pk], since, until, filters.minutes)
        return {"slots": slots}
    if filters.agent is not None:
        agent_ids = [get_object_or_404(Agent, user_id=filters.agent).user_id]
    elif filters.team is not None:
        agent_ids = list(
            Agent.objects.filter(teams=filters.team, user__is_active=True)
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
    else:
        agent_ids = [caller(request).pk]
    return {"slots": appointments.free_slots(agent_ids, since, until, filters.minutes)}


def _taken(error: appointments.SlotTaken) -> Status[object]:
    return Status(
        409,
        {
            "detail": _("This slot is already booked. The next free slots are listed."),
            "field": "start",
            "next_free_slots": error.next_slots,
        },
    )


@router.post("/appointments", response={201: AppointmentOut, 409: SlotTakenOut})
def book_appointment(request: HttpRequest, payload: AppointmentIn) -> Status[object]:
    if (payload.agent_id is None) == (payload.resource_id is None):
        raise ValidationError(
            {"agent_id": _("Book an appointment with either an agent or a resource.")}
        )
    agent = resource = None
    if payload.agent_id is not None:
        agent = get_object_or_404(User, pk=payload.agent_id, agent__isnull=False)
    else:
        resource = get_object_or_404(Resource, pk=payload.resource_id)
    customer = get_object_or_404(Customer, pk=payload.customer_id)
    conversation = (
        conversation_for(caller(request), payload.conversation_id)
        if payload.conversation_id is not None
        else None
    )
    try:
        booked = appointments.book_appointment(
            agent=agent,
            resource=resource,
            customer=customer,
            start=payload.start,
            minutes=payload.minutes,
            conversation=conversation,
            actor=caller(request),
        )
    except appointments.SlotTaken as error:
        return _taken(error)
    return Status(201, booked)


@router.get("/appointments/{int:appointment_id}", response=AppointmentOut)
def get_appointment(request: HttpRequest, appointment_id: int) -> Appointment:
    caller(request)
    return get_object_or_404(Appointment, pk=appointment_id)


@router.post(
    "/appointments/{int:appointment_id}/reschedule",
    response={200: AppointmentOut, 409: SlotTakenOut},
)
def reschedule_appointment(
    request: HttpRequest, appointment_id: int, payload: RescheduleIn
) -> Status[object]:
    appointment = get_object_or_404(Appointment, pk=appointment_id)
    try:
        moved = appointments.reschedule_appointment(
            appointment, payload.start, payload.minutes, caller(request)
        )
    except appointments.SlotTaken as error:
        return _taken(error)
    return Status(200, moved)


@router.post("/appointments/{int:appointment_id}/cancel", response=AppointmentOut)
def cancel_appointment(
    request: HttpRequest, appointment_id: int, payload: AppointmentCancelIn
) -> Appointment:
    appointment = get_object_or_404(Appointment, pk=appointment_id)
    return appointments.cancel_appointment(appointment, caller(request), payload.reason)


# --- bookable resources (administrators write; every agent reads) ---------------------------


@router.get("/resources", response=list[ResourceOut])
def list_resources(request: HttpRequest) -> list[Resource]:
    caller(request)
    return list(Resource.objects.order_by("team_id", "name")[: queries.MAX_LISTED])


@router.post("/resources", response={201: ResourceOut})
def create_resource(request: HttpRequest, payload: ResourceIn) -> Status[Resource]:
    require_admin(request)
    team = get_object_or_404(Team, pk=payload.team_id)
    return Status(
        201,
        appointments.save_resource(None, name=payload.name, team=team, active=payload.is_active),
    )


@router.patch("/resources/{int:resource_id}", response=ResourceOut)
def update_resource(request: HttpRequest, resource_id: int, payload: ResourcePatch) -> Resource:
    require_admin(request)
    resource = get_object_or_404(Resource, pk=resource_id)
    team = get_object_or_404(Team, pk=payload.team_id) if payload.team_id else resource.team
    return appointments.save_resource(
        resource,
        name=payload.name if payload.name is not None else resource.name,
        team=team,
        active=payload.is_active if payload.is_active is not None else resource.is_active,
    )
