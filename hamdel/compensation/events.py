"""Audit events of compensation; called only from compensation.actions.

Each carries the customer and conversation, so it shows on their timelines.
"""

from typing import Any

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.compensation.models import Charge, Compensation, Entry

Actor = User | None


def entry_recorded(compensation: Compensation, entry: Entry, actor: Actor) -> Event:
    data: dict[str, Any] = {
        "kind": compensation.kind,
        "amount": str(entry.amount),
        "currency": entry.currency,
        "reason": compensation.reason,
    }
    if entry.comment:
        data["comment"] = entry.comment
    if entry.gateway_reference:
        data["gateway_reference"] = entry.gateway_reference
    if entry.kind == "requested":
        data.update(approver_role=compensation.approver_role, why=compensation.why_code)
    return record_event(
        f"compensation.{entry.kind}",
        subject_type="compensation",
        subject_id=compensation.pk,
        actor=actor,
        customer_id=compensation.customer_id,
        conversation_id=compensation.conversation_id,
        new={"entry": entry.pk},
        data=data,
    )


def limits_changed(old: list[dict[str, str]], new: list[dict[str, str]], actor: Actor) -> Event:
    return record_event(
        "compensation.limits_changed",
        subject_type="compensation_limits",
        subject_id=0,
        actor=actor,
        old=old,
        new=new,
    )


def charge_recorded(charge: Charge, actor: Actor) -> Event:
    return record_event(
        "compensation.charge_recorded",
        subject_type="charge",
        subject_id=charge.pk,
        actor=actor,
        customer_id=charge.customer_id,
        data={
            "reference": charge.reference,
            "amount": str(charge.amount),
            "currency": charge.currency,
        },
    )
