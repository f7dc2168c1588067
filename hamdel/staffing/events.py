"""Audit events of staffing; called only from staffing.actions and staffing.routing."""

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.people.models import Agent
from hamdel.staffing.models import Item

Actor = User | None


def _customer_of(item: Item) -> int | None:
    return item.conversation.customer_id if item.conversation_id and item.conversation else None


def item_routed(item: Item, outcome: str, explanation: str, actor: Actor = None) -> Event:
    """`routing.assigned`, `routing.waiting` or `routing.declined`, with the reason in words."""
    return record_event(
        f"routing.{outcome}",
        subject_type="routing_item",
        subject_id=item.pk,
        actor=actor,
        customer_id=_customer_of(item),
        conversation_id=item.conversation_id,
        new={"state": item.state, "assignee": item.assignee_id},
        data={"kind": item.kind, "promise": item.promise_id, "explanation": explanation},
    )


def presence_set(agent: Agent, old: str, new: str, by: str, actor: Actor) -> Event:
    return record_event(
        "presence.changed",
        subject_type="agent",
        subject_id=agent.pk,
        actor=actor,
        old={"presence": old},
        new={"presence": new},
        data={"by": by},
    )
