"""Twilio Voice status callbacks: signed with X-Twilio-Signature, mapped to call events."""

from django.conf import settings
from django.test import Client

from hamdel.phone import actions
from hamdel.phone.inbound import twilio_signature
from hamdel.phone.models import Call, CallEvent, Outcome
from hamdel.test import Cast

TOKEN = "twilio-auth-token-123"


def _post(path: str, form: dict[str, str], token: str = TOKEN) -> object:
    signature = twilio_signature(token, settings.BASE_URL + path, list(form.items()))
    return Client().post(path, form, headers={"X-Twilio-Signature": signature})


def test_signed_status_callbacks_make_a_call_and_a_bad_signature_stores_nothing(
    cast: Cast,
) -> None:
    integration = actions.create_integration(
        name="Twilio", kind="twilio", team=cast.support, actor=None, auth_token=TOKEN
    )
    path = "/" + actions.integration_url(integration).split("/", 3)[3]
    common = {"CallSid": "CA1", "From": "+989121234567", "To": "+982188001000"}
    forged = _post(path, {**common, "CallStatus": "ringing", "Direction": "inbound"}, "guess")
    assert forged.status_code == 403  # type: ignore[attr-defined]
    assert not CallEvent.objects.exists()
    ringing = _post(path, {**common, "CallStatus": "ringing", "Direction": "inbound"})
    assert ringing.status_code == 200  # type: ignore[attr-defined]
    _post(path, {**common, "CallStatus": "completed", "CallDuration": "42"})
    call = Call.objects.get()
    assert (call.outcome, call.talk_seconds) == (Outcome.ANSWERED, 42)
