"""Moving one app's rows when customers are merged, and back when the merge is undone.

Each app calls these from its own receivers of `customer_merged` and `customer_unmerged`
(people/signals.py) for its own models, so people never writes another app's tables.
Call them inside the merge's transaction, which the signals are sent in.
"""

from django.db import models

from hamdel.people.models import Customer


def moved_key(model: type[models.Model], field: str) -> str:
    """'tickets.conversation.customer': how the merge event names the rows of one field."""
    return f"{model._meta.label_lower}.{field}"


def move_to_target(
    model: type[models.Model],
    field: str,
    source: Customer,
    target: Customer,
    moved: dict[str, list[int]],
) -> None:
    """Point `model.field` of every row on `source` at `target`, and record their ids."""
    rows = model._default_manager.filter(**{field: source})
    ids = list(rows.values_list("pk", flat=True))
    if ids:
        model._default_manager.filter(pk__in=ids).update(**{field: target})
        moved[moved_key(model, field)] = ids


def move_back(
    model: type[models.Model],
    field: str,
    source: Customer,
    target: Customer,
    moved: dict[str, list[int]],
) -> None:
    """Put the rows a merge recorded for `model.field` back on `source`, if still on `target`."""
    ids = moved.get(moved_key(model, field), [])
    if ids:
        model._default_manager.filter(pk__in=ids, **{field: target}).update(**{field: source})
