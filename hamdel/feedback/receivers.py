"""What feedback does when tickets and people send their signals (connected in apps.ready)."""

from typing import Any

from hamdel.feedback import actions
from hamdel.feedback.models import Survey
from hamdel.people.merging import move_back, move_to_target
from hamdel.people.models import Customer
from hamdel.tickets.models import Conversation, Status


def on_conversation_changed(
    sender: Any, conversation: Conversation, changes: dict[str, tuple[Any, Any]], **kwargs: Any
) -> None:
    status = changes.get("status")
    if status is not None and status[1] == Status.SOLVED:
        actions.schedule_csat(conversation)


def on_customer_merged(
    sender: Any, source: Customer, target: Customer, moved: dict[str, list[int]], **kwargs: Any
) -> None:
    move_to_target(Survey, "customer", source, target, moved)


def on_customer_unmerged(
    sender: Any, source: Customer, target: Customer, moved: dict[str, list[int]], **kwargs: Any
) -> None:
    move_back(Survey, "customer", source, target, moved)
