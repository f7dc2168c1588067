"""Listening to promises: a callback or taken message whose promise broke (overdue).

promises' sweep breaks the promise and tells the supervisors where it can (a promise on a
conversation); these escalate on the phone side: a callback is marked and shown on the
wallboard, a taken message moves to the team queue.
"""

from typing import Any

from django.contrib.auth.models import User

from hamdel.people.merging import move_back, move_to_target
from hamdel.people.models import Customer
from hamdel.phone import actions
from hamdel.phone.models import Call, Callback, TakenMessage
from hamdel.promises.models import Kind, Promise


def promise_changed(
    sender: Any, promise: Promise, change: str, actor: User | None, **kwargs: Any
) -> None:
    if change != "broken" or promise.kind != Kind.CALLBACK:
        return
    if actions.escalate_callback(promise) is None:
        actions.escalate_message(promise)


# Every field of this app that points at a customer: moved by a merge, back by its undoing.
CUSTOMER_FIELDS = ((Call, "customer"), (Callback, "customer"), (TakenMessage, "customer"))


def customer_merged(
    sender: Any, source: Customer, target: Customer, moved: dict[str, list[int]], **kwargs: Any
) -> None:
    for model, field in CUSTOMER_FIELDS:
        move_to_target(model, field, source, target, moved)


def customer_unmerged(
    sender: Any, source: Customer, target: Customer, moved: dict[str, list[int]], **kwargs: Any
) -> None:
    for model, field in CUSTOMER_FIELDS:
        move_back(model, field, source, target, moved)
