"""SMS through a Twilio-compatible API.

Webhooks are form posts (`From`, `To`, `Body`, `MessageSid`, `NumMedia`, `MediaUrl0`,
`MediaContentType0`, ...) signed with `X-Twilio-Signature`: base64 of HMAC-SHA1, keyed by
the auth token, over the full URL Twilio called followed by every POST parameter, sorted
by name, as name + value with no separators. Status callbacks (`MessageStatus`,
`ErrorCode`) go to the account's status URL, signed alike. Sending is
`POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json` with basic auth.
"""

import base64
import hashlib
import hmac
import urllib.parse

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
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

SIGNATURE_HEADER = "X-Twilio-Signature"
FAILED = {"failed", "undelivered"}
DELIVERED = {"delivered", "read"}
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def signature(auth_token: str, url: str, params: list[tuple[str, str]]) -> str:
    """Twilio's X-Twilio-Signature of a request to `url` with these POST parameters."""
    signed = url + "".join(name + value for name, value in sorted(params))
    digest = hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def called_url(request: HttpRequest) -> str:
    """The URL as the provider called it: the site's public base URL and the path."""
    return settings.BASE_URL + request.get_full_path()


def _with_and_without_port(url: str) -> list[str]:
    """Twilio signs https URLs without :443 but some proxies add it (and the reverse)."""
    parts = urllib.parse.urlsplit(url)
    default = {"https": 443, "http": 80}.get(parts.scheme)
    if parts.port is not None and parts.port == default:
        bare = parts._replace(netloc=parts.hostname or "")
        return [url, urllib.parse.urlunsplit(bare)]
    if parts.port is None and default:
        ported = parts._replace(netloc=f"{parts.hostname}:{default}")
        return [url, urllib.parse.urlunsplit(ported)]
    return [url]


class SmsAdapter(Adapter):
    kind = "sms"
    max_text = 1600  # Twilio's Body limit; the carrier splits into segments itself
    sends_files = False  # MMS needs a public URL of the file; replies send text only

    def verify(self, account: Account, request: HttpRequest) -> bool:
        token = _auth_token(account)
        given = request.headers.get(SIGNATURE_HEADER, "")
        if not token or not given:
            return False
        params = [(name, value) for name in request.POST for value in request.POST.getlist(name)]
        return any(
            secrets.same(given, signature(token, url, params))
            for url in _with_and_without_port(called_url(request))
        )

    def read(self, account: Account, request: HttpRequest) -> Read:
        form = request.POST
        if form.get("MessageStatus") and not form.get("Body") and "NumMedia" not in form:
            return Read(statuses=_status(form))
        if not form.get("MessageSid") or not form.get("From"):
            return Read()
        media = []
        for index in range(min(_int(form.get("NumMedia")), 10)):
            url = form.get(f"MediaUrl{index}", "")
            kind = form.get(f"MediaContentType{index}", "")
            if url:
                extension = kind.partition("/")[2].split(";")[0] or "bin"
                media.append(MediaRef(url, f"media-{index + 1}.{extension}", kind))
        return Read(
            messages=[
                Incoming(
                    external_id=form["MessageSid"],
                    sender=form["From"],
                    text=form.get("Body", ""),
                    media=media,
                )
            ]
        )

    def download(self, account: Account, media: MediaRef, limit: int) -> bytes:
        if not media.ref.startswith(("https://", "http://")):
            raise ProviderError(_("The file's address is not a web address."), permanent=True)
        answer = http.request("GET", media.ref, headers=_basic(account), limit=limit)
        if not answer.ok:
            raise provider_error("SMS provider", answer.status, "")
        return answer.body

    def send_text(self, account: Account, to: str, text: str) -> str:
        sid = account.setting("account_sid")
        form = {"To": to, "From": account.setting("from_number"), "Body": text}
        callback = account.setting("status_callback")
        if callback:
            form["StatusCallback"] = callback
        url = f"{account.base}/2010-04-01/Accounts/{sid}/Messages.json"
        try:
            answer = http.request("POST", url, form=form, headers=_basic(account))
        except OSError as error:
            raise provider_error("SMS provider", 0, str(error)) from error
        body = answer.json() if isinstance(answer.json(), dict) else {}
        if not answer.ok or not body.get("sid"):
            detail = str(body.get("message") or "")
            if body.get("code"):
                detail = f"{detail} (error {body['code']})"
            raise provider_error("SMS provider", answer.status, detail)
        return str(body["sid"])

    def answer(self) -> HttpResponse:
        return HttpResponse(EMPTY_TWIML, content_type="text/xml")


def _auth_token(account: Account) -> str:
    return secrets.resolve(secrets.unseal(account.sealed).get("auth_token", ""))


def _basic(account: Account) -> dict[str, str]:
    pair = f"{account.setting('account_sid')}:{_auth_token(account)}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def _status(form: QueryDict) -> list[StatusReport]:
    """A status callback: only the final states change the message's delivery."""
    status = form.get("MessageStatus", "")
    if status not in DELIVERED | FAILED:
        return []  # queued, sending, sent: the transport recorded "sent" already
    reason = ""
    if status in FAILED:
        reason = _("The SMS provider reports it %(status)s (error %(code)s).") % {
            "status": status,
            "code": form.get("ErrorCode") or "?",
        }
    return [StatusReport(form.get("MessageSid", ""), status in DELIVERED, reason)]


def _int(value: str | None) -> int:
    try:
        return max(int(value or 0), 0)
    except ValueError:
        return 0
