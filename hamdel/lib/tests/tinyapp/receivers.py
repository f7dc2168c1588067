"""A merge of two customers moves this app's waves; undoing it moves them back."""

from typing import Any

from hamdel.lib.tests.tinyapp.models import Wave
from hamdel.people.merging import move_back, move_to_target
from hamdel.people.models import Customer


def on_customer_merged(
    sender: Any, source: Customer, target: Customer, moved: dict[str, list[int]], **kwargs: Any
) -> None:
    move_to_target(Wave, "customer", source, target, moved)


def on_customer_unmerged(
    sender: Any, source: Customer, target: Customer, moved: dict[str, list[int]], **kwargs: Any
) -> None:
    move_back(Wave, "customer", source, target, moved)
