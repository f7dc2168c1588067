"""Setting a relation's rows by hand, as prefetch_related would after reading them."""

from typing import Any

from django.db.models import Model


def set_prefetched(instance: Model, relation: str, rows: list[Any]) -> None:
    """`instance.<relation>.all()` will answer `rows` without a query.

    For rows an action has just written and still holds; the cache is Django's own
    prefetch cache, so `add`/`remove`/`set` on the relation clear it as usual.
    """
    queryset = getattr(instance, relation).all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = queryset
