"""A generic JSON webhook for anything else (docs/messaging.md has a sample sender).

In: `POST` of `{"id": "...", "sender": {"id": "...", "name": "...", "phone": "...",
"email": "..."}, "text": "...", "language": "fa", "attachments": [{"filename": "...",
"content_type": "...", "content_base64": "..."}]}` with `X-Hamdel-Signature: sha256=<hex
HMAC-SHA256 of the raw body, keyed by the webhook secret>`.
Out: the same shape, signed the same way, POSTed to the account's outbound URL:
`{"id": "<message id>", "to": "<sender id>", "text": "..."}`; a 2xx answer with
`{"id": "..."}` is the provider's id.
"""

import base64
import binascii
import hashlib
import hmac
import json

from django.http import HttpRequest
from django.utils.translation import gettext as _

from hamdel.messaging import http, secrets
from hamdel.messaging.adapters.base import (
    Adapter,
    Incoming,
    MediaRef,
    ProviderError,
    Read,
    StatusReport,
    provider_error,
)
from hamdel.messaging.models import Account

SIGNATURE_HEADER = "X-Hamdel-Signature"


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookAdapter(Adapter):
    kind = "webhook"
    max_text = 10_000

    def verify(self, account: Account, request: HttpRequest) -> bool:
        secret = secrets.unseal(account.sealed).get("webhook_secret", "")
        given = request.headers.get(SIGNATURE_HEADER, "").lower()
        return secrets.same(given, signature(secret, request.body)) if secret else False

    def read(self, account: Account, request: HttpRequest) -> Read:
        payload = json.loads(request.body or b"{}")
        if not isinstance(payload, dict):
            return Read()
        if payload.get("status") and payload.get("message_id"):
            delivered = payload["status"] == "delivered"
            reason = (
                ""
                if delivered
                else str(payload.get("reason") or _("The receiver reports it failed."))
            )
            return Read(statuses=[StatusReport(str(payload["message_id"]), delivered, reason)])
        sender = payload.get("sender") or {}
        if not payload.get("id") or not isinstance(sender, dict) or not sender.get("id"):
            return Read()
        also = [(kind, str(sender[kind])) for kind in ("phone", "email") if sender.get(kind)]
        media = []
        for number, item in enumerate(payload.get("attachments") or []):
            if isinstance(item, dict) and item.get("content_base64"):
                filename = str(item.get("filename") or f"file-{number + 1}")
                encoded = str(item["content_base64"])
                kind = str(item.get("content_type") or "")
                media.append(MediaRef(encoded, filename, kind, len(encoded) * 3 // 4))
        return Read(
            messages=[
                Incoming(
                    external_id=str(payload["id"]),
                    sender=str(sender["id"]),
                    name=str(sender.get("name") or ""),
                    language=str(payload.get("language") or "")[:2],
                    text=str(payload.get("text") or ""),
                    media=media,
                    also=also,
                )
            ]
        )

    def download(self, account: Account, media: MediaRef, limit: int) -> bytes:
        """The file came inside the request, base64-encoded."""
        if (media.size or 0) > limit:
            raise http.TooLarge
        try:
            return base64.b64decode(media.ref, validate=True)
        except (binascii.Error, ValueError) as error:
            raise ProviderError(_("The file was not valid base64."), permanent=True) from error

    def send_text(self, account: Account, to: str, text: str) -> str:
        url = account.setting("outbound_url")
        if not url:
            raise ProviderError(
                _("This webhook has no outbound URL to send replies to."), permanent=True
            )
        body = json.dumps({"to": to, "text": text}).encode()
        secret = secrets.unseal(account.sealed).get("webhook_secret", "")
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature(secret, body)}
        try:
            answer = http.request("POST", url, raw=body, headers=headers)
        except OSError as error:
            raise provider_error("Webhook", 0, str(error)) from error
        found = answer.json() if isinstance(answer.json(), dict) else {}
        if not answer.ok:
            raise provider_error("Webhook", answer.status, str(found.get("error") or ""))
        return str(found.get("id") or "")
