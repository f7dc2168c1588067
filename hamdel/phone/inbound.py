"""PBX payloads to call events: the generic CTI push and Twilio Voice status callbacks.

Generic (the sipgate.io push API that Asterisk and 3CX bridges speak): a form-encoded or
JSON POST per event, `event` = newCall | answer | hangup (and, beyond sipgate, voicemail,
transfer, recording), with `callId`, `from`, `to`, `direction` (in | out), repeated
`user[]`, `cause` on hangup, `recording` (a URL) on voicemail, `target` on transfer and an
optional `timestamp` (Unix seconds or ISO 8601; else the time it arrived). Samples:
docs/phone.md.

Twilio: the status callback's form (`CallSid`, `CallStatus`, `From`, `To`, `Direction`,
`CallDuration`, `Timestamp`, `RecordingUrl`), signed with X-Twilio-Signature.
"""

import base64
import hashlib
import hmac
import json
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hamdel.phone import secrets
from hamdel.phone.models import Integration

EVENTS = ("newCall", "answer", "hangup", "voicemail", "transfer", "recording")
TWILIO_SIGNATURE = "X-Twilio-Signature"
MAX_FIELD = 500  # longest value kept of any field (URLs included)


@dataclass(frozen=True)
class CtiEvent:
    event: str
    call_id: str
    at: datetime
    direction: str = ""  # "in" | "out" | "" when the event does not say
    from_number: str = ""
    to_number: str = ""
    users: list[str] = field(default_factory=list)
    cause: str = ""
    recording_url: str = ""
    target: str = ""

    def data(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "from": self.from_number,
            "to": self.to_number,
            "users": self.users,
            "cause": self.cause,
            "recording": self.recording_url,
            "target": self.target,
        }


def _text(value: Any) -> str:
    return str(value if value is not None else "").strip()[:MAX_FIELD]


def _moment(value: Any, now: datetime) -> datetime:
    text = _text(value)
    if not text:
        return now
    try:
        return datetime.fromtimestamp(float(text), tz=UTC)
    except ValueError:
        pass
    parsed = parse_datetime(text)
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)  # Twilio's RFC 2822 Timestamp
        except (TypeError, ValueError):
            return now
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)


def _direction(value: Any) -> str:
    text = _text(value).lower()
    if text in {"in", "inbound"}:
        return "in"
    if text in {"out", "outbound", "outbound-api", "outbound-dial"}:
        return "out"
    return ""


def _fields(request: HttpRequest) -> dict[str, Any]:
    """The posted fields; `user[]` (or `user`) as a list."""
    if request.content_type == "application/json":
        body = json.loads(request.body or b"null")
        if not isinstance(body, dict):
            raise ValueError("a JSON object is expected")
        users = body.get("user[]", body.get("user", []))
        body["users"] = users if isinstance(users, list) else [users]
        return body
    form = request.POST
    fields: dict[str, Any] = {name: form.get(name) for name in form}
    fields["users"] = form.getlist("user[]") or form.getlist("user")
    return fields


def read_generic(request: HttpRequest, now: datetime) -> list[CtiEvent]:
    """The one event of a generic CTI post; ValueError when it is not one."""
    fields = _fields(request)
    event = _text(fields.get("event"))
    call_id = _text(fields.get("callId") or fields.get("call_id"))[:128]
    if event not in EVENTS or not call_id:
        raise ValueError("event and callId are required")
    return [
        CtiEvent(
            event=event,
            call_id=call_id,
            at=_moment(fields.get("timestamp"), now),
            direction=_direction(fields.get("direction")),
            from_number=_text(fields.get("from"))[:64],
            to_number=_text(fields.get("to"))[:64],
            users=[_text(user)[:128] for user in fields["users"] if _text(user)][:20],
            cause=_text(fields.get("cause"))[:64],
            recording_url=_url(fields.get("recording") or fields.get("recordingUrl")),
            target=_text(fields.get("target"))[:128],
        )
    ]


def _url(value: Any) -> str:
    text = _text(value)
    return text if urllib.parse.urlsplit(text).scheme in {"http", "https"} else ""


# Twilio's CallStatus → (our event, hang-up cause)
TWILIO_STATUS = {
    "queued": ("newCall", ""),
    "initiated": ("newCall", ""),
    "ringing": ("newCall", ""),
    "in-progress": ("answer", ""),
    "completed": ("hangup", "normalClearing"),
    "busy": ("hangup", "busy"),
    "no-answer": ("hangup", "noAnswer"),
    "canceled": ("hangup", "cancel"),
    "failed": ("hangup", "failed"),
}


def read_twilio(request: HttpRequest, now: datetime) -> list[CtiEvent]:
    form = request.POST
    call_id = _text(form.get("CallSid"))[:128]
    if not call_id:
        raise ValueError("CallSid is required")
    at = _moment(form.get("Timestamp"), now)
    common: dict[str, Any] = {
        "call_id": call_id,
        "direction": _direction(form.get("Direction")),
        "from_number": _text(form.get("From"))[:64],
        "to_number": _text(form.get("To"))[:64],
    }
    if form.get("RecordingUrl") and not form.get("CallStatus"):
        return [CtiEvent("recording", at=at, recording_url=_url(form["RecordingUrl"]), **common)]
    status = _text(form.get("CallStatus")).lower()
    if status not in TWILIO_STATUS:
        raise ValueError("unknown CallStatus")
    event, cause = TWILIO_STATUS[status]
    events = [
        CtiEvent(event, at=at, cause=cause, recording_url=_url(form.get("RecordingUrl")), **common)
    ]
    talked = _text(form.get("CallDuration"))
    if status == "completed" and talked.isdigit() and int(talked) > 0:
        # Only the final callback may be subscribed: its duration says it was answered.
        events.insert(0, CtiEvent("answer", at=at - timedelta(seconds=int(talked)), **common))
    return events


def twilio_signature(auth_token: str, url: str, params: list[tuple[str, str]]) -> str:
    """Twilio's X-Twilio-Signature: HMAC-SHA1 over the URL and the sorted POST parameters."""
    signed = url + "".join(name + value for name, value in sorted(params))
    digest = hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def verify_twilio(integration: Integration, request: HttpRequest) -> bool:
    token = secrets.unseal(integration.sealed_auth_token)
    given = request.headers.get(TWILIO_SIGNATURE, "")
    if not token or not given:
        return False
    params = [(name, value) for name in request.POST for value in request.POST.getlist(name)]
    url = settings.BASE_URL + request.get_full_path()
    return secrets.same(given, twilio_signature(token, url, params))
