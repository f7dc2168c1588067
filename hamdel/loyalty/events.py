"""Audit events of the loyalty app; called only from its actions.

Each carries the customer (and the conversation, where there is one), so points, coupons,
thank-yous and extra-mile gestures show on the customer's timeline.
"""

from typing import Any

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event

Actor = User | None

EXTRA_MILE = "loyalty.extra_mile"


def loyalty_event(
    verb: str,
    *,
    subject_type: str,
    subject_id: int,
    actor: Actor,
    customer_id: int | None,
    conversation_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    return record_event(
        verb,
        subject_type=subject_type,
        subject_id=subject_id,
        actor=actor,
        customer_id=customer_id,
        conversation_id=conversation_id,
        data=data or {},
    )
