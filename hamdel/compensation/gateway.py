"""The payment gateway's webhook: a signed event that a refund was paid or reversed.

The gateway signs `<timestamp>.<body>` with HMAC-SHA256 and sends
`X-Hamdel-Signature: t=<unix seconds>,v1=<hex digest>`. The secret is
HAMDEL_PAYMENT_WEBHOOK_SECRET, else one derived from the site's SECRET_KEY (shown to
administrators on the limits page), so nothing secret is stored in the database. A
signature older than SIGNATURE_TOLERANCE is refused, so a captured request cannot be
sent again later; a gateway's retry (signed anew) of an event already recorded changes
nothing.
"""

import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

HEADER = "X-Hamdel-Signature"
SIGNATURE_TOLERANCE = 300  # seconds between the gateway signing and us receiving
PAID_EVENT = "refund.paid"
REVERSED_EVENT = "refund.reversed"


def secret() -> str:
    configured = os.environ.get("HAMDEL_PAYMENT_WEBHOOK_SECRET", "")
    if configured:
        return configured
    material = f"hamdel.compensation.gateway:{settings.SECRET_KEY}".encode()
    return hashlib.sha256(material).hexdigest()


def sign(body: bytes, timestamp: int, key: str | None = None) -> str:
    """The header value for a body: what the gateway (and the tests' fake of it) sends."""
    digest = hmac.new(
        (key or secret()).encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


@dataclass(frozen=True)
class GatewayEvent:
    event: str
    compensation_id: int
    reference: str
    amount: str | None
    currency: str
    reason: str


def verify(body: bytes, header: str, now: float | None = None) -> GatewayEvent:
    """The event, if the signature is ours and fresh; else PermissionDenied."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    timestamp, given = parts.get("t", ""), parts.get("v1", "")
    if not timestamp.isdigit() or not given:
        raise PermissionDenied(_("The webhook is not signed."))
    if abs((now or time.time()) - int(timestamp)) > SIGNATURE_TOLERANCE:
        raise PermissionDenied(_("The webhook's signature has expired."))
    expected = sign(body, int(timestamp)).partition("v1=")[2]
    if not hmac.compare_digest(given, expected):
        raise PermissionDenied(_("The webhook's signature does not match."))
    return parse(body)


def parse(body: bytes) -> GatewayEvent:
    try:
        data: Any = json.loads(body)
        event = GatewayEvent(
            event=str(data["event"]),
            compensation_id=int(data["compensation_id"]),
            reference=str(data["reference"]),
            amount=None if data.get("amount") is None else str(data["amount"]),
            currency=str(data.get("currency") or ""),
            reason=str(data.get("reason") or ""),
        )
    except (ValueError, KeyError, TypeError):
        raise ValidationError(
            {"body": _("Expected JSON with event, compensation_id and reference.")}
        ) from None
    if event.event not in (PAID_EVENT, REVERSED_EVENT):
        raise ValidationError({"event": _("Unknown event “%(event)s”.") % {"event": event.event}})
    return event
