"""Staffing endpoints under /api/v1/staffing. Thin: parse, call one query or action, return."""

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from hamdel.people.models import Agent, Team
from hamdel.people.permissions import caller, my_agent, require_supervisor
from hamdel.staffing import actions, erlang, queries
from hamdel.staffing.forecast import INTERVALS
from hamdel.staffing.models import Item, Shift
from hamdel.staffing.schemas import (
    DeclineIn,
    ErrorFigures,
    IntervalOut,
    ItemOut,
    PlanOut,
    PresenceIn,
    PresenceOut,
    PulseIn,
    ShiftIn,
    ShiftOut,
    StaffingOut,
)

router = Router(tags=["staffing"])


class ErlangQuery(Schema):
    calls: float
    interval_minutes: float
    aht: float
    target_sl: float = 0.8
    target_seconds: float = 20
    patience: float | None = None
    shrinkage: float | None = None


def _item(item: Item) -> ItemOut:
    last = item.decisions.order_by("-created_at", "-pk").first()
    return ItemOut(
        id=item.pk,
        kind=item.kind,
        state=item.state,
        team=item.team_id,
        conversation=item.conversation_id,
        callback=item.promise_id,
        channel=item.channel,
        language=item.language,
        skill=item.skill,
        priority=item.priority,
        waiting_since=item.created_at,
        assignee=item.assignee_id,
        explanation=last.explanation if last else "",
    )


@router.get("/erlang", response={200: StaffingOut, 422: dict}, exclude_none=True)
def staffing(request: HttpRequest, query: Query[ErlangQuery]) -> Status[dict[str, object]]:
    """The fewest agents for the target (Erlang C; Erlang A with `patience`)."""
    caller(request)
    try:
        found = erlang.required_agents(**query.dict())
    except ValueError as error:
        return Status(422, {"detail": str(error)})
    return Status(200, found.as_json())


@router.get("/queues/{int:team_id}/plan", response=PlanOut)
def plan(
    request: HttpRequest,
    team_id: int,
    day: date | None = None,
    interval_minutes: int = 30,
    channel: str = "",
) -> PlanOut:
    """Forecast, required and scheduled agents per interval of a day, with the backtest."""
    require_supervisor(request)
    team = get_object_or_404(Team, pk=team_id)
    minutes = interval_minutes if interval_minutes in INTERVALS else 30
    found = queries.plan_for(team, day or timezone.localdate(), minutes, channel)
    return PlanOut(
        team=team.pk,
        day=found.day,
        interval_minutes=minutes,
        channel=channel,
        method=found.forecast.method,
        backtest=ErrorFigures(**vars(found.forecast.model)),
        baseline=ErrorFigures(**vars(found.forecast.baseline)),
        beats_baseline=found.forecast.beats_baseline,
        intervals=[IntervalOut(**vars(i), gap=i.gap) for i in found.intervals],
    )


@router.get("/waiting", response=list[ItemOut])
def waiting(request: HttpRequest) -> list[ItemOut]:
    """Items nobody fits yet: the agent's teams', or every team's for supervisors."""
    return [_item(item) for item in queries.waiting_items(caller(request))[: queries.MAX_LISTED]]


@router.get("/mine", response=list[ItemOut])
def mine(request: HttpRequest) -> list[ItemOut]:
    return [_item(item) for item in queries.my_items(caller(request))]


@router.post("/items/{int:item_id}/decline", response=ItemOut)
def decline(request: HttpRequest, item_id: int, payload: DeclineIn) -> ItemOut:
    item = queries.item_for(caller(request), item_id)
    declined = actions.decline_item(item, caller(request), payload.reason)
    return _item(Item.objects.get(pk=declined.item.pk))


@router.put("/presence", response=PresenceOut)
def set_presence(request: HttpRequest, payload: PresenceIn) -> PresenceOut:
    agent = actions.set_presence(my_agent(request), payload.presence, caller(request))
    return PresenceOut(presence=agent.presence)


@router.post("/pulse", response={201: dict})
def pulse(request: HttpRequest, payload: PulseIn) -> Status[dict[str, bool]]:
    actions.answer_pulse(my_agent(request), today=timezone.localdate(), **payload.dict())
    return Status(201, {"answered": True})


@router.post("/shifts", response={201: ShiftOut})
def add_shift(request: HttpRequest, payload: ShiftIn) -> Status[ShiftOut]:
    require_supervisor(request)
    shift = actions.add_shift(
        get_object_or_404(Agent, pk=payload.agent),
        get_object_or_404(Team, pk=payload.team),
        payload.start,
        payload.end,
        caller(request),
    )
    return Status(201, _shift(shift))


@router.get("/shifts", response=list[ShiftOut])
def shifts(request: HttpRequest, team: int, day: date) -> list[ShiftOut]:
    require_supervisor(request)
    found = queries.shifts_of_day(get_object_or_404(Team, pk=team), day)
    return [_shift(shift) for shift in found]


def _shift(shift: Shift) -> ShiftOut:
    return ShiftOut(
        id=shift.pk, agent=shift.agent_id, team=shift.team_id, start=shift.start, end=shift.end
    )
