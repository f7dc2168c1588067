"""Complaints desk endpoints under /api/v1/complaints. Thin: parse, call one query or
action, return."""

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status

from hamdel.complaints import actions, queries
from hamdel.complaints.models import Alert, Complaint, Decision, Desk, RootCause
from hamdel.complaints.schemas import (
    AlertOut,
    ComplaintOut,
    DecisionOut,
    DeskIn,
    DeskOut,
    PolicyDecisionIn,
    ResolutionIn,
    RootCauseIn,
    RootCauseOut,
    RootCausePatch,
)
from hamdel.people.models import Team
from hamdel.people.permissions import caller, require_admin, require_supervisor
from hamdel.tickets.queries import conversation_for

router = Router(tags=["complaints"])


@router.get("/complaints", response=list[ComplaintOut])
def list_open(request: HttpRequest) -> list[Complaint]:
    """The caller's visible unfinished complaints, overdue first, then oldest first."""
    complaints = queries.open_complaints(caller(request), timezone.now(), actions.desk())
    return list(complaints[: queries.MAX_LISTED])


@router.get("/complaints/root-causes", response=list[RootCauseOut])
def list_root_causes(request: HttpRequest) -> list[RootCause]:
    caller(request)
    return list(RootCause.objects.all())


@router.post("/complaints/root-causes", response={201: RootCauseOut})
def create_root_cause(request: HttpRequest, payload: RootCauseIn) -> Status[RootCause]:
    require_supervisor(request)
    return Status(201, actions.save_root_cause(caller(request), **payload.dict()))


@router.patch("/complaints/root-causes/{int:cause_id}", response=RootCauseOut)
def change_root_cause(request: HttpRequest, cause_id: int, payload: RootCausePatch) -> RootCause:
    require_supervisor(request)
    cause = get_object_or_404(RootCause, pk=cause_id)
    return actions.save_root_cause(caller(request), cause=cause, **payload.dict())


@router.delete("/complaints/root-causes/{int:cause_id}", response={204: None, 200: RootCauseOut})
def remove_root_cause(request: HttpRequest, cause_id: int) -> Status[Any]:
    """204 when deleted; 200 with the root cause retired when complaints use it."""
    require_supervisor(request)
    cause = get_object_or_404(RootCause, pk=cause_id)
    if actions.remove_root_cause(cause, caller(request)):
        return Status(204, None)
    cause.refresh_from_db()
    return Status(200, cause)


@router.get("/complaints/alerts", response=list[AlertOut])
def list_alerts(request: HttpRequest) -> list[dict[str, Any]]:
    require_supervisor(request)
    alerts = list(queries.alerts().prefetch_related("conversations")[: queries.MAX_LISTED])
    decisions = queries.decisions_by_group(alerts)
    return [
        _alert(alert, decisions.get((alert.group_kind, alert.group_key), [])) for alert in alerts
    ]


@router.get("/complaints/alerts/{int:alert_id}", response=AlertOut)
def get_alert(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    require_supervisor(request)
    alert = queries.alert(alert_id)
    return _alert(alert, queries.decisions_of(alert))


@router.post("/complaints/alerts/{int:alert_id}/decisions", response={201: DecisionOut})
def decide(request: HttpRequest, alert_id: int, payload: PolicyDecisionIn) -> Status[Decision]:
    require_supervisor(request)
    alert = queries.alert(alert_id)
    return Status(
        201, actions.decide(alert, caller(request), verdict=payload.verdict, why=payload.why)
    )


@router.get("/complaints/desk", response=DeskOut)
def get_desk(request: HttpRequest) -> dict[str, Any]:
    require_supervisor(request)
    return _desk(actions.desk())


@router.put("/complaints/desk", response=DeskOut)
def put_desk(request: HttpRequest, payload: DeskIn) -> dict[str, Any]:
    require_admin(request)
    team = get_object_or_404(Team, pk=payload.team_id) if payload.team_id is not None else None
    users = None
    if payload.escalate_to is not None:
        users = list(User.objects.filter(pk__in=payload.escalate_to))
        if len(users) != len(set(payload.escalate_to)):
            get_object_or_404(User, pk=-1)
    desk = actions.update_desk(
        caller(request),
        team=team,
        route_complaints=payload.route_complaints,
        escalate_to=users,
        escalate_after_minutes=payload.escalate_after_minutes,
    )
    return _desk(desk)


@router.get("/conversations/{int:conversation_id}/complaint", response=ComplaintOut)
def get_complaint(request: HttpRequest, conversation_id: int) -> Complaint:
    return queries.complaint_of(caller(request), conversation_id)


@router.put("/conversations/{int:conversation_id}/complaint", response=ComplaintOut)
def record_resolution(
    request: HttpRequest, conversation_id: int, payload: ResolutionIn
) -> Complaint:
    """The root cause and what was done (both required before the complaint is solved)."""
    conversation = conversation_for(caller(request), conversation_id)
    cause = (
        get_object_or_404(RootCause, pk=payload.root_cause_id)
        if payload.root_cause_id is not None
        else None
    )
    actions.record_resolution(
        conversation, caller(request), root_cause=cause, resolution=payload.resolution
    )
    return queries.complaint_of(caller(request), conversation_id)


def _alert(alert: Alert, decisions: list[Decision]) -> dict[str, Any]:
    fields = AlertOut.model_fields
    data = {
        name: getattr(alert, name)
        for name in fields
        if hasattr(alert, name) and name not in {"decisions", "conversation_ids"}
    }
    data["conversation_ids"] = sorted(c.pk for c in alert.conversations.all())
    data["decisions"] = decisions
    return data


def _desk(desk: Desk) -> dict[str, Any]:
    return {
        "team_id": desk.team_id,
        "route_complaints": desk.route_complaints,
        "policy_id": desk.policy_id,
        "escalate_to": sorted(desk.escalate_to.values_list("pk", flat=True)),
        "escalate_after_minutes": desk.escalate_after_minutes,
    }
