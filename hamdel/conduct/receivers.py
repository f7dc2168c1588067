"""What conduct does when tickets and people send their signals (connected in apps.ready)."""

from typing import Any

from hamdel.conduct import actions
from hamdel.conduct.models import Detection, Parting
from hamdel.people.merging import move_back, move_to_target
from hamdel.people.models import Customer
from hamdel.tickets.models import Direction, Message

CUSTOMER_FIELDS = ((Detection, "customer"), (Parting, "customer"))


def on_message_added(sender: Any, message: Message, **kwargs: Any) -> None:
    """Every inbound customer message of every channel is screened, inside the
    transaction that stores it (so its flag and steps are there when it shows)."""
    if message.direction != Direction.INBOUND or kwargs.get("automatic"):
        return
    actions.screen_message(message)


def on_customer_merged(
    sender: Any, source: Customer, target: Customer, moved: dict[str, list[int]], **kwargs: Any
) -> None:
    for model, field in CUSTOMER_FIELDS:
        move_to_target(model, field, source, target, moved)


def on_customer_unmerged(
    sender: Any, source: Customer, target: Customer, moved: dict[str, list[int]], **kwargs: Any
) -> None:
    for model, field in CUSTOMER_FIELDS:
        move_back(model, field, source, target, moved)
