"""Administrators connect accounts (pages and /api/v1/messaging/accounts); secrets go in
and never come out; one agent answers a Telegram, an SMS and a WhatsApp customer."""

import json
import os

import pytest
from django.test import Client

from hamdel.audit.models import Event
from hamdel.messaging import secrets
from hamdel.messaging.models import Account
from hamdel.messaging.tests.fake import Fake
from hamdel.messaging.tests.helpers import (
    BOT_TOKEN,
    make_account,
    post_telegram,
    post_twilio,
    post_whatsapp,
    telegram_text,
    twilio_sms,
    whatsapp_notification,
    whatsapp_text,
)
from hamdel.test import ApiClient, Cast
from hamdel.tickets.actions import add_message, attempt_delivery
from hamdel.tickets.models import Conversation, Delivery, Direction, Message

pytestmark = pytest.mark.django_db


def _admin(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.ada.user)
    return client


def test_the_api_creates_an_account_and_shows_its_webhook_secret_once(
    cast: Cast, fake: Fake
) -> None:
    api = ApiClient(cast.ada.user)
    answer = api.post(
        "/messaging/accounts",
        {
            "kind": "telegram",
            "name": "Shop bot",
            "team": cast.support.pk,
            "bot_token": BOT_TOKEN,
            "api_base": fake.url,
        },
    )
    assert answer.status_code == 201, answer.content
    created = answer.json()
    assert created["webhook_url"].endswith(
        f"/messaging/hooks/telegram/{Account.objects.get().hook}/"
    )
    assert len(created["webhook_secret"]) >= 32
    shown = api.get(f"/messaging/accounts/{created['id']}").content.decode()
    listed = api.get("/messaging/accounts").content.decode()
    for page in (shown, listed):
        assert BOT_TOKEN not in page
        assert created["webhook_secret"] not in page
        assert "webhook_secret" not in page
    account = Account.objects.get()
    assert BOT_TOKEN not in account.sealed
    assert created["webhook_secret"] not in account.sealed
    assert account.team == cast.support
    events = json.dumps(list(Event.objects.filter(verb="messaging.account_created").values("data")))
    assert BOT_TOKEN not in events


def test_a_kind_without_its_credentials_is_refused_with_the_field(cast: Cast) -> None:
    answer = ApiClient(cast.ada.user).post("/messaging/accounts", {"kind": "sms", "name": "Texts"})
    assert answer.status_code in {400, 422}
    assert "account_sid" in answer.content.decode()


def test_a_token_from_the_environment_is_read_when_used(cast: Cast, fake: Fake) -> None:
    os.environ["HI_TEST_BOT_TOKEN"] = BOT_TOKEN
    try:
        account, secret = make_account("telegram", fake.url, bot_token="env:HI_TEST_BOT_TOKEN")
        post_telegram(Client(), account, telegram_text(1, "hello"), secret)
        reply = add_message(
            Conversation.objects.get(),
            direction=Direction.OUTBOUND,
            body_text="hi",
            author_agent=cast.alice.user,
        )
        assert attempt_delivery(reply.pk) == "sent"
        assert fake.sent("sendMessage")[0].path == f"/bot{BOT_TOKEN}/sendMessage"
    finally:
        del os.environ["HI_TEST_BOT_TOKEN"]


def test_a_changed_token_replaces_the_old_one(cast: Cast, fake: Fake) -> None:
    account, _secret = make_account("telegram", fake.url)
    api = ApiClient(cast.ada.user)
    answer = api.patch(
        f"/messaging/accounts/{account.pk}", {"bot_token": "999:NEW", "name": "Renamed"}
    )
    assert answer.status_code == 200
    assert answer.json()["name"] == "Renamed"
    account.refresh_from_db()
    assert secrets.unseal(account.sealed)["bot_token"] == "999:NEW"


def test_the_page_connects_an_account_and_shows_the_secret_only_then(
    cast: Cast, fake: Fake
) -> None:
    admin = _admin(cast)
    assert admin.get("/messaging/accounts/new").status_code == 200
    answer = admin.post(
        "/messaging/accounts/new",
        {
            "kind": "whatsapp",
            "name": "WhatsApp TR",
            "team": cast.support.pk,
            "api_base": fake.url,
            "reopen_hours": "48",
            "phone_number_id": "106540352242922",
            "access_token": "EAAG-token",
            "app_secret": "app-secret",
            "bot_token": "ignored for this kind",
        },
    )
    assert answer.status_code == 200
    account = Account.objects.get()
    secret = secrets.unseal(account.sealed)["webhook_secret"]
    assert secret in answer.content.decode()
    assert "bot_token" not in secrets.unseal(account.sealed)
    detail = admin.get(f"/messaging/accounts/{account.pk}/").content.decode()
    listing = admin.get("/messaging/accounts/").content.decode()
    for page in (detail, listing):
        assert secret not in page
        assert "EAAG-token" not in page
        assert "WhatsApp TR" in page
    saved = admin.post(
        f"/messaging/accounts/{account.pk}/",
        {"name": "order_update", "language": "tr", "body": "Merhaba {{1}}", "approved": "on"},
    )
    assert saved.status_code == 302
    assert account.templates.get().body == "Merhaba {{1}}"


def test_the_api_adds_a_template(cast: Cast, fake: Fake) -> None:
    account, _secret = make_account("whatsapp", fake.url)
    answer = ApiClient(cast.ada.user).post(
        f"/messaging/accounts/{account.pk}/templates",
        {"name": "hello", "language": "en", "body": "Hi {{1}}"},
    )
    assert answer.status_code == 201
    assert answer.json()["approved"] is True


@pytest.fixture
def three_customers(cast: Cast, fake: Fake) -> list[Conversation]:
    bot, bot_secret = make_account("telegram", fake.url, team=cast.support)
    sms, _none = make_account("sms", fake.url, team=cast.support)
    whatsapp, _verify = make_account("whatsapp", fake.url, team=cast.support)
    post_telegram(Client(), bot, telegram_text(1, "سلام"), bot_secret)
    post_twilio(Client(), sms, twilio_sms("SM" + "b" * 32, "Hello"))
    post_whatsapp(Client(), whatsapp, whatsapp_notification([whatsapp_text("wamid.X1", "Merhaba")]))
    return list(Conversation.objects.order_by("pk"))


def test_an_agent_answers_telegram_sms_and_whatsapp_from_the_workspace_and_sees_them_delivered(
    cast: Cast, fake: Fake, three_customers: list[Conversation]
) -> None:
    agent = Client()
    agent.force_login(cast.alice.user)
    for conversation in three_customers:
        answer = agent.post(f"/conversations/{conversation.pk}/reply", {"body": "We are on it"})
        assert answer.status_code == 302
    replies = list(Message.objects.filter(direction=Direction.OUTBOUND).order_by("pk"))
    assert [attempt_delivery(reply.pk) for reply in replies] == ["sent", "sent", "sent"]
    assert (
        len(fake.sent("sendMessage"))
        == len(fake.sent("Messages.json"))
        == len(fake.sent("messages"))
        == 1
    )
    # Telegram confirms by accepting; SMS and WhatsApp say "delivered" later.
    sms_reply, whatsapp_reply = replies[1], replies[2]
    sms_reply.refresh_from_db()
    whatsapp_reply.refresh_from_db()
    sms = Account.objects.get(kind="sms")
    whatsapp = Account.objects.get(kind="whatsapp")
    post_twilio(
        Client(),
        sms,
        {"MessageSid": sms_reply.external_id, "MessageStatus": "delivered"},
        status=True,
    )
    status = {
        "id": whatsapp_reply.external_id,
        "status": "delivered",
        "timestamp": "1",
        "recipient_id": "x",
    }
    post_whatsapp(Client(), whatsapp, whatsapp_notification(statuses=[status]))
    for reply in replies[1:]:
        reply.refresh_from_db()
        assert reply.delivery == Delivery.DELIVERED
    page = agent.get(f"/conversations/{three_customers[1].pk}/").content.decode()
    assert 'data-delivery="delivered"' in page
