"""Keyset (cursor) pagination on (sort key, id) with opaque, signed cursors.

A cursor names the list it belongs to and the last row's sort key and id; the next
page is the rows strictly after it. Rows inserted meanwhile never shift a page,
and a cursor from another list, another sort order or a forged one is refused.
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

SALT = "hamdel.api.cursor"  # kept as it was, so cursors handed out before stay valid
DEFAULT_LIMIT = 25
MAX_LIMIT = 100
CURSOR_MAX_LENGTH = 500  # the cursors Hamdel signs are far shorter

M = TypeVar("M", bound=models.Model)


@dataclass
class Page(Generic[M]):
    items: list[M]
    next_cursor: str | None


def read_cursor(cursor: str, scope: str) -> dict[str, Any]:
    """The position a cursor holds, if it was signed here for this list and sort order."""
    try:
        data: dict[str, Any] = signing.loads(cursor, salt=SALT)
    except signing.BadSignature as error:
        raise ValidationError({"cursor": _("This cursor is not valid.")}) from error
    if data.get("s") != scope:
        raise ValidationError({"cursor": _("This cursor belongs to another list or sort order.")})
    return data


def _encode(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def paginate(
    queryset: QuerySet[M],
    *,
    list_name: str,
    sort: str,
    allowed_sorts: tuple[str, ...],
    cursor: str | None,
    limit: int,
) -> Page[M]:
    if sort not in allowed_sorts:
        raise ValidationError(
            {"sort": _("Sort by one of: %(choices)s.") % {"choices": ", ".join(allowed_sorts)}}
        )
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(
            {"limit": _("The limit must be between 1 and %(max)d.") % {"max": MAX_LIMIT}}
        )
    descending = sort.startswith("-")
    field_name = sort.lstrip("-")
    scope = f"{list_name}:{sort}"
    if cursor:
        data = read_cursor(cursor, scope)
        field = queryset.model._meta.get_field(field_name)
        last_value = field.to_python(data["v"])  # type: ignore[union-attr]
        last_id = int(data["i"])
        after = "lt" if descending else "gt"
        queryset = queryset.filter(
            Q(**{f"{field_name}__{after}": last_value})
            | Q(**{field_name: last_value, f"pk__{after}": last_id})
        )
    order = [sort, "-pk" if descending else "pk"]
    rows = list(queryset.order_by(*order)[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = signing.dumps(
            {"s": scope, "v": _encode(getattr(last, field_name)), "i": last.pk},
            salt=SALT,
            compress=True,
        )
    return Page(items=rows, next_cursor=next_cursor)
