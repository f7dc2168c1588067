"""Listens to the signals tickets and people send from their actions and moves the SLA clocks.

Connected in SlaConfig.ready(). Receivers run inside the tickets action's transaction, so a
clock never disagrees with the conversation it belongs to; clocks due before the next
sweep are handed to Huey only once that transaction commits.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from hamdel.people.models import Customer
from hamdel.sla import actions
from hamdel.sla.models import SlaTimer
from hamdel.tickets.models import Conversation, Direction, Message


def _schedule_on_commit(timers: list[SlaTimer]) -> None:
    if not timers:
        return
    from hamdel.sla import jobs  # Huey is configured by settings; import it only when needed

    now = timezone.now()
    transaction.on_commit(lambda: jobs.schedule_checks(timers, now))


def on_message_added(sender: Any, message: Message, automatic: bool = False, **kwargs: Any) -> None:
    if automatic:
        return  # a notice the system sent (an acknowledgement) is no response
    if message.direction == Direction.INBOUND:
        _schedule_on_commit(actions.record_customer_message(message))
    else:
        _schedule_on_commit(actions.record_agent_reply(message))


def on_conversation_changed(
    sender: Any, conversation: Conversation, changes: dict[str, tuple[Any, Any]], **kwargs: Any
) -> None:
    now = timezone.now()
    changed = []
    if "status" in changes:
        old, new = changes["status"]
        changed += actions.record_status_change(conversation, old, new, now)
    changed += actions.record_conversation_change(conversation, set(changes), now)
    _schedule_on_commit(changed)


def on_customer_changed(
    sender: Any, customer: Customer, changes: dict[str, tuple[Any, Any]], **kwargs: Any
) -> None:
    _schedule_on_commit(actions.record_customer_change(customer, set(changes), timezone.now()))
