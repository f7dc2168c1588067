"""Plain typed builders for the promises tests."""

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from hamdel.promises import actions
from hamdel.promises.models import Kind, Promise, State
from hamdel.tickets.models import Conversation


def draft(
    owner: User, *, kind: str = Kind.CALLBACK, hours: float = 48, **fields: Any
) -> actions.PromiseDraft:
    return actions.PromiseDraft(
        kind=kind, due_at=timezone.now() + timedelta(hours=hours), owner_agent=owner, **fields
    )


def make_promise(
    conversation: Conversation, owner: User, *, reason: str = "tested", **fields: Any
) -> Promise:
    """A promise on the conversation; an unlikely time is kept with `reason`."""
    now = fields.pop("now", None)
    told = fields.pop("told_in_reply", False)
    return actions.make_promise(
        draft(owner, **fields),
        customer=conversation.customer,
        conversation=conversation,
        actor=owner,
        unlikely_reason=reason,
        told_in_reply=told,
        now=now,
    )


def make_history(
    team_id: int, kind: str, minutes: list[int], *, owner: User, customer_id: int
) -> None:
    """Kept promises of a kind on a team that took these business minutes (bulk insert)."""
    now = timezone.now()
    Promise.objects.bulk_create(
        Promise(
            customer_id=customer_id,
            kind=kind,
            due_at=now - timedelta(days=1),
            owner_agent=owner,
            team_id=team_id,
            state=State.KEPT,
            created_at=now - timedelta(days=2),
            kept_at=now - timedelta(days=2) + timedelta(minutes=taken, seconds=index),
            kept_business_minutes=taken,
        )
        for index, taken in enumerate(minutes)
    )


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
