"""Listens to the signals people sends: a merge of two customers moves their conversations.

Connected in TicketsConfig.ready(); runs inside the merge's transaction.
"""

from typing import Any

from hamdel.people.merging import move_back, move_to_target
from hamdel.people.models import Customer
from hamdel.tickets.models import Conversation, Message

# Every field of this app that points at a customer.
CUSTOMER_FIELDS = ((Conversation, "customer"), (Message, "author_customer"))


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
