"""What promises does when tickets and people send their signals (connected in apps.ready)."""

from typing import Any

from hamdel.people.merging import move_back, move_to_target
from hamdel.people.models import Customer
from hamdel.promises import actions
from hamdel.promises.models import Appointment, Promise
from hamdel.tickets.models import Message

# Every field of this app that points at a customer: moved by a merge, back by its undoing.
CUSTOMER_FIELDS = ((Promise, "customer"), (Appointment, "customer"))


def on_message_added(sender: Any, message: Message, **kwargs: Any) -> None:
    if kwargs.get("automatic"):
        return  # a notice the system sent is nobody's reply
    actions.record_reply(message)


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
