"""Audit events of the complaints app; called only from hamdel.complaints actions.

Complaint events carry the customer and conversation, so they show on both timelines.
"""

from typing import Any

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.complaints.models import Alert, Complaint, Decision, Desk, RootCause

Actor = User | None


def _complaint_event(
    verb: str, complaint: Complaint, actor: Actor, data: dict[str, Any] | None = None
) -> Event:
    return record_event(
        f"complaint.{verb}",
        subject_type="complaint",
        subject_id=complaint.pk,
        actor=actor,
        customer_id=complaint.customer_id,
        conversation_id=complaint.conversation_id,
        data=data or {},
    )


def complaint_opened(complaint: Complaint, actor: Actor, team_id: int | None) -> Event:
    return _complaint_event("opened", complaint, actor, {"desk_team": team_id})


def resolution_recorded(complaint: Complaint, actor: Actor) -> Event:
    return _complaint_event(
        "recorded",
        complaint,
        actor,
        {"root_cause": complaint.root_cause_id, "resolution": complaint.resolution},
    )


def complaint_resolved(complaint: Complaint, actor: Actor) -> Event:
    return _complaint_event("resolved", complaint, actor, {"root_cause": complaint.root_cause_id})


def complaint_reopened(complaint: Complaint, actor: Actor) -> Event:
    return _complaint_event("reopened", complaint, actor, {"times": complaint.reopen_count})


def complaint_escalated(complaint: Complaint, recipients: list[int]) -> Event:
    return _complaint_event("escalated", complaint, None, {"told": recipients})


def root_cause_saved(cause: RootCause, actor: Actor, created: bool) -> Event:
    return record_event(
        "complaint.root_cause_saved",
        subject_type="root_cause",
        subject_id=cause.pk,
        actor=actor,
        new={"name": cause.name, "active": cause.is_active},
        data={"created": created},
    )


def desk_changed(desk: Desk, actor: Actor, changes: dict[str, Any]) -> Event:
    return record_event(
        "complaint.desk_changed",
        subject_type="complaint_desk",
        subject_id=desk.pk,
        actor=actor,
        new=changes,
    )


def alert_raised(alert: Alert) -> Event:
    return record_event(
        "complaint.alert",
        subject_type="complaint_alert",
        subject_id=alert.pk,
        new={"customers": alert.customers, "baseline": alert.baseline},
        data={"group": f"{alert.group_kind}:{alert.group_key}", "p_value": alert.p_value},
    )


def decision_recorded(decision: Decision, actor: Actor) -> Event:
    return record_event(
        "complaint.decision",
        subject_type="complaint_alert",
        subject_id=decision.alert_id,
        actor=actor,
        new={"verdict": decision.verdict, "why": decision.why},
        data={"group": f"{decision.group_kind}:{decision.group_key}"},
    )
