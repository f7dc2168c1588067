"""The Telegram Bot API, and bot APIs that copy it at another base URL (Bale: tapi.bale.ai).

Webhook updates carry `X-Telegram-Bot-Api-Secret-Token`, the secret given to `setWebhook`.
Methods are `{base}/bot<token>/<method>`, files `{base}/file/bot<token>/<file_path>`
(from `getFile`, at most 20 MB). Answers are `{"ok": true, "result": ...}` or
`{"ok": false, "error_code": 429, "description": "...", "parameters": {"retry_after": 5}}`.
"""

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from hamdel.messaging import http, secrets
from hamdel.messaging.adapters.base import (
    Adapter,
    Incoming,
    MediaRef,
    ProviderError,
    Read,
    provider_error,
)
from hamdel.messaging.models import Account

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
# Update kinds that carry a customer's message; edits and channel posts are not replies.
MESSAGE_KEYS = ("message", "business_message")


class TelegramAdapter(Adapter):
    kind = "telegram"
    max_text = 4096  # sendMessage: 1-4096 characters
    max_caption = 1024
    sends_files = True

    def verify(self, account: Account, request: HttpRequest) -> bool:
        expected = secrets.unseal(account.sealed).get("webhook_secret", "")
        return secrets.same(request.headers.get(SECRET_HEADER, ""), expected)

    def read(self, account: Account, request: HttpRequest) -> Read:
        update = json.loads(request.body or b"{}")
        message = next((update[key] for key in MESSAGE_KEYS if key in update), None)
        if not isinstance(message, dict) or "update_id" not in update:
            return Read()
        sender = message.get("from") or {}
        chat = message.get("chat") or {}
        if sender.get("is_bot") or chat.get("type", "private") != "private":
            return Read()  # groups and other bots are not customers writing to us
        name = " ".join(
            part for part in (sender.get("first_name"), sender.get("last_name")) if part
        )
        if sender.get("username"):
            name = f"{name} (@{sender['username']})" if name else f"@{sender['username']}"
        return Read(
            messages=[
                Incoming(
                    external_id=str(update["update_id"]),
                    sender=str(chat.get("id") or sender.get("id")),
                    name=name,
                    language=str(sender.get("language_code") or "")[:2],
                    text=str(message.get("text") or message.get("caption") or ""),
                    media=_media(message),
                )
            ]
        )

    def download(self, account: Account, media: MediaRef, limit: int) -> bytes:
        found = self._call(account, "getFile", {"file_id": media.ref})
        path = str(found.get("file_path") or "")
        if not path:
            raise ProviderError(_("Telegram gave no file for this attachment."), permanent=True)
        answer = http.request(
            "GET", f"{account.base}/file/bot{_token(account)}/{path}", limit=limit
        )
        if not answer.ok:
            raise provider_error("Telegram", answer.status, "")
        return answer.body

    def send_text(self, account: Account, to: str, text: str) -> str:
        sent = self._call(account, "sendMessage", {"chat_id": to, "text": text})
        return str(sent.get("message_id", ""))

    def send_file(
        self,
        account: Account,
        to: str,
        filename: str,
        content_type: str,
        content: bytes,
        caption: str,
    ) -> str:
        method, field = (
            ("sendPhoto", "photo") if _is_photo(content_type) else ("sendDocument", "document")
        )
        form = {"chat_id": to, **({"caption": caption} if caption else {})}
        file = http.FilePart(field, filename, content_type, content)
        sent = self._call(account, method, form, files=[file])
        return str(sent.get("message_id", ""))

    def register(self, account: Account, url: str, secret: str) -> str:
        self._call(
            account,
            "setWebhook",
            {"url": url, "secret_token": secret, "allowed_updates": json.dumps(["message"])},
        )
        return _("Registered with setWebhook.")

    def _call(
        self,
        account: Account,
        method: str,
        form: dict[str, Any],
        files: list[http.FilePart] | None = None,
    ) -> dict[str, Any]:
        url = f"{account.base}/bot{_token(account)}/{method}"
        try:
            answer = http.request("POST", url, form=form, files=files)
        except OSError as error:
            raise provider_error("Telegram", 0, str(error)) from error
        body = answer.json() if isinstance(answer.json(), dict) else {}
        if not answer.ok or not body.get("ok"):
            status = int(body.get("error_code") or answer.status)
            raise provider_error("Telegram", status, str(body.get("description") or ""))
        result: Any = body.get("result")
        return result if isinstance(result, dict) else {}


def _token(account: Account) -> str:
    token = secrets.resolve(secrets.unseal(account.sealed).get("bot_token", ""))
    if not token:
        raise ProviderError(
            _("This bot has no token: an administrator enters it again."), permanent=True
        )
    return token


def _is_photo(content_type: str) -> bool:
    return content_type in {"image/jpeg", "image/png", "image/webp"}


def _media(message: dict[str, Any]) -> list[MediaRef]:
    found: list[MediaRef] = []
    photos = message.get("photo")
    if isinstance(photos, list) and photos:
        # Sizes of one photo, smallest first: keep the largest.
        best = photos[-1]
        found.append(
            MediaRef(
                str(best["file_id"]),
                f"photo-{best.get('file_unique_id', 'telegram')}.jpg",
                "image/jpeg",
                best.get("file_size"),
            )
        )
    for key in ("document", "video", "audio", "voice"):
        item = message.get(key)
        if isinstance(item, dict) and item.get("file_id"):
            filename = item.get("file_name") or f"{key}-{item.get('file_unique_id', 'telegram')}"
            found.append(
                MediaRef(
                    str(item["file_id"]),
                    str(filename),
                    str(item.get("mime_type") or ""),
                    item.get("file_size"),
                )
            )
    return found
