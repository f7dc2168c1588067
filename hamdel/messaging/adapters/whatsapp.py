"""The WhatsApp Business Cloud API.

The webhook's address is checked once with a GET (`hub.mode=subscribe`, `hub.verify_token`,
`hub.challenge`: answer the challenge when the token is ours). Notifications are POSTs of
`{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages",
"value": {"metadata": ..., "contacts": [...], "messages": [...], "statuses": [...]}}]}]}`
signed with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed by the
app secret>`. Media: `GET {base}/<media id>` gives a URL, fetched with the same bearer
token. Sending: `POST {base}/<phone number id>/messages`; a free-form text only within 24
hours of the customer's last message, a template at any time.
"""

import hashlib
import hmac
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
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

SIGNATURE_HEADER = "X-Hub-Signature-256"
MEDIA_KINDS = ("image", "document", "audio", "video", "sticker")
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf", "audio/ogg": "ogg"}


def signature(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


class WhatsAppAdapter(Adapter):
    kind = "whatsapp"
    max_text = 4096  # a text message's body
    sends_files = False  # replies are text (and templates); files need a public URL

    def handshake(self, account: Account, request: HttpRequest) -> HttpResponse | None:
        expected = secrets.unseal(account.sealed).get("webhook_secret", "")
        if request.GET.get("hub.mode") == "subscribe" and secrets.same(
            request.GET.get("hub.verify_token", ""), expected
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponse(status=403)

    def verify(self, account: Account, request: HttpRequest) -> bool:
        app_secret = _secret(account, "app_secret")
        given = request.headers.get(SIGNATURE_HEADER, "")
        return (
            secrets.same(given.lower(), signature(app_secret, request.body))
            if app_secret
            else False
        )

    def read(self, account: Account, request: HttpRequest) -> Read:
        payload = json.loads(request.body or b"{}")
        read = Read()
        for entry in payload.get("entry") or []:
            for change in entry.get("changes") or []:
                if change.get("field") == "messages":
                    _read_value(change.get("value") or {}, read)
        return read

    def download(self, account: Account, media: MediaRef, limit: int) -> bytes:
        found = self._call("GET", f"{account.base}/{media.ref}", account)
        url = str(found.get("url") or "")
        if not url:
            raise ProviderError(_("WhatsApp gave no file for this attachment."), permanent=True)
        answer = http.request("GET", url, headers=_bearer(account), limit=limit)
        if not answer.ok:
            raise provider_error("WhatsApp", answer.status, "")
        return answer.body

    def send_text(self, account: Account, to: str, text: str) -> str:
        body = {"type": "text", "text": {"preview_url": False, "body": text}}
        return self._send(account, to, body)

    def send_template(
        self, account: Account, to: str, name: str, language: str, parameters: list[str]
    ) -> str:
        template: dict[str, Any] = {"name": name, "language": {"code": language}}
        if parameters:
            values = [{"type": "text", "text": value} for value in parameters]
            template["components"] = [{"type": "body", "parameters": values}]
        return self._send(account, to, {"type": "template", "template": template})

    def _send(self, account: Account, to: str, body: dict[str, Any]) -> str:
        url = f"{account.base}/{account.setting('phone_number_id')}/messages"
        message = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            **body,
        }
        sent = self._call("POST", url, account, message)
        ids = sent.get("messages") or [{}]
        return str(ids[0].get("id", ""))

    def _call(self, method: str, url: str, account: Account, body: Any = None) -> dict[str, Any]:
        try:
            answer = http.request(method, url, json_body=body, headers=_bearer(account))
        except OSError as error:
            raise provider_error("WhatsApp", 0, str(error)) from error
        found = answer.json() if isinstance(answer.json(), dict) else {}
        if not answer.ok:
            problem = found.get("error") or {}
            detail = str(problem.get("message") or "")
            if problem.get("code"):
                detail = f"{detail} (error {problem['code']})"
            raise provider_error("WhatsApp", answer.status, detail)
        return found


def _read_value(value: dict[str, Any], read: Read) -> None:
    to_number = str((value.get("metadata") or {}).get("phone_number_id") or "")
    names = {
        str(contact.get("wa_id")): str((contact.get("profile") or {}).get("name") or "")
        for contact in value.get("contacts") or []
    }
    for message in value.get("messages") or []:
        kind = message.get("type")
        media = []
        if kind in MEDIA_KINDS and isinstance(message.get(kind), dict):
            item = message[kind]
            mime = str(item.get("mime_type") or "").split(";")[0]
            filename = (
                item.get("filename") or f"{kind}-{item.get('id')}.{EXTENSIONS.get(mime, 'bin')}"
            )
            media.append(MediaRef(str(item.get("id")), str(filename), mime))
        text = (message.get("text") or {}).get("body") or (message.get(kind) or {}).get("caption")
        if kind == "button":
            text = (message.get("button") or {}).get("text")
        sender = str(message.get("from") or "")
        read.messages.append(
            Incoming(
                external_id=str(message.get("id")),
                sender=sender,
                name=names.get(sender, ""),
                text=str(text or ""),
                media=media,
                to_number=to_number,
            )
        )
    for status in value.get("statuses") or []:
        state = status.get("status")
        if state in {"delivered", "read"}:
            read.statuses.append(StatusReport(str(status.get("id")), True))
        elif state == "failed":
            errors = status.get("errors") or [{}]
            detail = errors[0].get("message") or errors[0].get("title") or ""
            reason = _("WhatsApp reports it failed: %(detail)s (error %(code)s).") % {
                "detail": detail,
                "code": errors[0].get("code", "?"),
            }
            read.statuses.append(StatusReport(str(status.get("id")), False, reason))


def _secret(account: Account, name: str) -> str:
    return secrets.resolve(secrets.unseal(account.sealed).get(name, ""))


def _bearer(account: Account) -> dict[str, str]:
    token = _secret(account, "access_token")
    if not token:
        raise ProviderError(
            _("This account has no access token: an administrator enters it again."), permanent=True
        )
    return {"Authorization": f"Bearer {token}"}
