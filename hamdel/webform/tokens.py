"""The signed token each rendered form carries: which form, when it was rendered, and a
random id that makes a resubmission of the same page recognisable (stored once).

Signed with the secret key, so neither the time nor the id can be made up; a bot that
posts faster than `WebForm.min_seconds` after fetching the page is refused.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.utils import timezone

from hamdel.webform.models import WebForm

SALT = "hamdel.webform.render"
MAX_AGE = timedelta(days=2)  # a page left open for a weekend still sends


@dataclass(frozen=True)
class RenderToken:
    form_id: int
    rendered_at: float  # seconds since the epoch
    nonce: str

    def age(self) -> float:
        return timezone.now().timestamp() - self.rendered_at


def issue(form: WebForm, rendered_at: datetime | None = None) -> str:
    moment = rendered_at or timezone.now()
    payload = {"f": form.pk, "t": round(moment.timestamp(), 3), "n": secrets.token_urlsafe(16)}
    return signing.dumps(payload, salt=SALT)


def read(value: str, form: WebForm) -> RenderToken | None:
    """The token of this form, or None if it is forged, expired or another form's."""
    try:
        payload = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("f") != form.pk:
        return None
    return RenderToken(form.pk, float(payload["t"]), str(payload["n"]))
