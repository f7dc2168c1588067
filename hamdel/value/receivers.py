"""What value does when people sends its signals (connected in apps.ready)."""

from typing import Any

from hamdel.people.merging import move_back, move_to_target
from hamdel.people.models import Customer
from hamdel.value.models import Transaction

# A merged customer's orders count for the survivor at the next fit.
CUSTOMER_FIELDS = ((Transaction, "customer"),)


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
