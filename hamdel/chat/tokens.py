"""The visitor token: a signed (widget, visitor) pair that resumes the same chat.

The widget runs on the customer's site, where a cookie of ours would be a third-party
cookie (blocked by browsers), so the page keeps the token in its localStorage and sends
it in the socket's first frame and with each upload. It carries no personal data.
"""

import secrets
from dataclasses import dataclass

from django.core import signing

SALT = "hamdel.chat.visitor"
MAX_AGE_SECONDS = 180 * 24 * 3600  # a visitor coming back within half a year resumes


@dataclass(frozen=True)
class Visitor:
    widget_id: int
    visitor: str


def new_visitor(widget_id: int) -> Visitor:
    return Visitor(widget_id, "v" + secrets.token_hex(12))  # lower case: handles are


def issue(visitor: Visitor) -> str:
    return signing.dumps({"w": visitor.widget_id, "v": visitor.visitor}, salt=SALT, compress=True)


def read(token: str, widget_id: int) -> Visitor | None:
    """The visitor a token names, if it is ours, unexpired and for this widget."""
    if not isinstance(token, str) or not token or len(token) > 300:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("w") != widget_id:
        return None
    visitor = data.get("v")
    if not isinstance(visitor, str) or not visitor.startswith("v") or len(visitor) > 40:
        return None
    return Visitor(widget_id, visitor)
