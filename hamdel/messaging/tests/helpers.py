"""Accounts pointed at the local fake, and requests signed as each provider signs them."""

import json
from typing import Any

from django.conf import settings
from django.test import Client

from hamdel.messaging import actions
from hamdel.messaging.adapters import sms, webhook, whatsapp
from hamdel.messaging.models import Account
from hamdel.people.models import Team

BOT_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
AUTH_TOKEN = "twilio-auth-token-0123456789abcdef"
ACCOUNT_SID = "AC" + "1" * 32
APP_SECRET = "whatsapp-app-secret"
ACCESS_TOKEN = "EAAG-whatsapp-access-token"


def make_account(
    kind: str, base: str, team: Team | None = None, *, as_telegram: bool = True, **credentials: str
) -> tuple[Account, str | None]:
    """An account whose API base is the fake. A bot's users are Telegram's (the fake stands
    in for api.telegram.org) unless `as_telegram=False` (another bot API: "botapi")."""
    defaults: dict[str, dict[str, str]] = {
        "sms": {
            "account_sid": ACCOUNT_SID,
            "from_number": "+15005550006",
            "auth_token": AUTH_TOKEN,
        },
        "telegram": {"bot_token": BOT_TOKEN},
        "whatsapp": {
            "phone_number_id": "106540352242922",
            "access_token": ACCESS_TOKEN,
            "app_secret": APP_SECRET,
        },
        "webhook": {"outbound_url": f"{base}/outbound"},
    }
    values = {**defaults[kind], **credentials}
    created = actions.create_account(
        kind=kind, name=f"{kind} desk", team=team, credentials=values, api_base=base, actor=None
    )
    if kind == "telegram" and as_telegram:
        Account.objects.filter(pk=created.account.pk).update(identity_kind="telegram")
        created.account.identity_kind = "telegram"
    return created.account, created.webhook_secret


def path_of(account: Account, status: bool = False) -> str:
    return f"/messaging/hooks/{account.kind}/{account.hook}/" + ("status" if status else "")


def post_telegram(
    client: Client, account: Account, update: dict[str, Any], secret: str | None
) -> Any:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post(
        path_of(account), json.dumps(update), content_type="application/json", headers=headers
    )


def post_twilio(
    client: Client,
    account: Account,
    form: dict[str, str],
    *,
    status: bool = False,
    token: str | None = AUTH_TOKEN,
) -> Any:
    path = path_of(account, status)
    headers = {}
    if token is not None:
        headers["X-Twilio-Signature"] = sms.signature(
            token, settings.BASE_URL + path, list(form.items())
        )
    return client.post(path, form, headers=headers)


def post_whatsapp(
    client: Client, account: Account, payload: dict[str, Any], secret: str | None = APP_SECRET
) -> Any:
    body = json.dumps(payload).encode()
    headers = (
        {"X-Hub-Signature-256": whatsapp.signature(secret, body)} if secret is not None else {}
    )
    return client.post(path_of(account), body, content_type="application/json", headers=headers)


def post_webhook(
    client: Client, account: Account, payload: dict[str, Any], secret: str | None
) -> Any:
    body = json.dumps(payload).encode()
    headers = {"X-Hamdel-Signature": webhook.signature(secret, body)} if secret is not None else {}
    return client.post(path_of(account), body, content_type="application/json", headers=headers)


def telegram_text(
    update_id: int, text: str, user_id: int = 50912345, **sender: Any
) -> dict[str, Any]:
    """An update as the Bot API sends it for a private text message."""
    person = {
        "id": user_id,
        "is_bot": False,
        "first_name": "Ali",
        "last_name": "Rezaei",
        "username": "ali_r",
        "language_code": "fa",
        **sender,
    }
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id % 1000,
            "from": person,
            "chat": {
                "id": user_id,
                "first_name": "Ali",
                "last_name": "Rezaei",
                "username": "ali_r",
                "type": "private",
            },
            "date": 1764590000,
            "text": text,
        },
    }


def twilio_sms(sid: str, body: str, sender: str = "+14155552671", **extra: str) -> dict[str, str]:
    """An incoming SMS webhook as Twilio posts it."""
    return {
        "ToCountry": "US",
        "ToState": "CA",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "",
        "SmsSid": sid,
        "FromState": "CA",
        "SmsStatus": "received",
        "FromCity": "",
        "Body": body,
        "FromCountry": "US",
        "To": "+15005550006",
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "ApiVersion": "2010-04-01",
        **extra,
    }


def whatsapp_notification(
    messages: list[dict[str, Any]] | None = None,
    statuses: list[dict[str, Any]] | None = None,
    wa_id: str = "905321234567",
    name: str = "Ayşe Yılmaz",
) -> dict[str, Any]:
    """A webhook notification as the Cloud API posts it."""
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
    }
    if messages is not None:
        value["contacts"] = [{"profile": {"name": name}, "wa_id": wa_id}]
        value["messages"] = messages
    if statuses is not None:
        value["statuses"] = statuses
    change = {"value": value, "field": "messages"}
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [change]}],
    }


def whatsapp_text(wamid: str, body: str, sender: str = "905321234567") -> dict[str, Any]:
    return {
        "from": sender,
        "id": wamid,
        "timestamp": "1764590000",
        "type": "text",
        "text": {"body": body},
    }
