"""The WhatsApp Business Cloud API: the verification handshake, signed notifications in,
text replies and templates out, and the 24-hour window, against the local fake."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hamdel.messaging import actions
from hamdel.messaging.models import Account
from hamdel.messaging.tests.fake import Fake
from hamdel.messaging.tests.helpers import (
    ACCESS_TOKEN,
    make_account,
    path_of,
    post_whatsapp,
    whatsapp_notification,
    whatsapp_text,
)
from hamdel.people.models import Identity
from hamdel.test import Cast
from hamdel.tickets.actions import NewAttachment, add_message, attempt_delivery
from hamdel.tickets.models import Conversation, Delivery, Direction, Message

pytestmark = pytest.mark.django_db
WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="


def test_the_verification_handshake_answers_the_challenge_only_for_our_token(
    cast: Cast, fake: Fake
) -> None:
    account, secret = make_account("whatsapp", fake.url)
    assert secret
    query = {"hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": secret}
    answer = Client().get(path_of(account), query)
    assert (answer.status_code, answer.content) == (200, b"1158201444")
    wrong = Client().get(path_of(account), {**query, "hub.verify_token": "guess"})
    assert wrong.status_code == 403
    assert Client().get(path_of(account)).status_code == 403


def test_a_signed_text_opens_a_conversation_for_the_whatsapp_user(cast: Cast, fake: Fake) -> None:
    account, _secret = make_account("whatsapp", fake.url)
    payload = whatsapp_notification([whatsapp_text(WAMID, "Siparişim nerede?")])
    assert post_whatsapp(Client(), account, payload).status_code == 200
    message = Message.objects.get(external_id=WAMID)
    assert (message.channel, message.account, message.body_text) == (
        "messenger",
        account.label,
        "Siparişim nerede?",
    )
    identity = Identity.objects.get(kind="whatsapp")
    assert (identity.value, identity.customer.name) == ("905321234567", "Ayşe Yılmaz")


@pytest.mark.parametrize("secret", ["another-app-secret", None])
def test_a_bad_or_missing_signature_is_refused_and_nothing_is_stored(
    cast: Cast, fake: Fake, secret: str | None
) -> None:
    account, _secret = make_account("whatsapp", fake.url)
    payload = whatsapp_notification([whatsapp_text(WAMID, "hi")])
    assert post_whatsapp(Client(), account, payload, secret=secret).status_code == 403
    assert not Message.objects.exists()


def test_a_redelivered_notification_is_stored_once(cast: Cast, fake: Fake) -> None:
    account, _secret = make_account("whatsapp", fake.url)
    payload = whatsapp_notification([whatsapp_text(WAMID, "hi")])
    for _attempt in range(3):
        post_whatsapp(Client(), account, payload)
    assert Message.objects.count() == 1


def test_an_image_is_fetched_through_its_media_url_with_the_token(cast: Cast, fake: Fake) -> None:
    account, _secret = make_account("whatsapp", fake.url)
    fake.files["/media/1003383421387256"] = b"\xff\xd8broken-box"
    image = {
        "from": "905321234567",
        "id": WAMID,
        "timestamp": "1764590000",
        "type": "image",
        "image": {
            "caption": "Kutu hasarlı geldi",
            "mime_type": "image/jpeg",
            "sha256": "HgQ0kP2H7ctrM1Tjfkk0nG8YOFJu1ZZ4iOEKGFnWbFQ=",
            "id": "1003383421387256",
        },
    }
    assert post_whatsapp(Client(), account, whatsapp_notification([image])).status_code == 200
    message = Message.objects.get()
    assert message.body_text == "Kutu hasarlı geldi"
    attachment = message.attachments.get()
    assert attachment.file.read() == b"\xff\xd8broken-box"
    lookups = [call for call in fake.calls if call.path == "/1003383421387256"]
    assert lookups[0].headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"


def _wrote(fake: Fake) -> tuple[Account, Conversation]:
    account, _secret = make_account("whatsapp", fake.url)
    post_whatsapp(Client(), account, whatsapp_notification([whatsapp_text(WAMID, "Merhaba")]))
    return account, Conversation.objects.get()


def _age_customers_messages(hours: int) -> None:
    Message.objects.filter(direction=Direction.INBOUND).update(
        created_at=timezone.now() - timedelta(hours=hours)
    )


def test_a_reply_within_the_window_goes_out_as_text(cast: Cast, fake: Fake) -> None:
    _account, conversation = _wrote(fake)
    reply = add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text="Kargoda",
        author_agent=cast.alice.user,
    )
    assert attempt_delivery(reply.pk) == "sent"
    [call] = fake.sent("messages")
    assert call.path == "/106540352242922/messages"
    assert call.json() == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "905321234567",
        "type": "text",
        "text": {"preview_url": False, "body": "Kargoda"},
    }
    reply.refresh_from_db()
    assert reply.external_id.startswith("wamid.")


def test_outside_the_window_a_free_reply_is_refused_and_nothing_is_sent(
    cast: Cast, fake: Fake
) -> None:
    _account, conversation = _wrote(fake)
    _age_customers_messages(25)
    reply = add_message(
        conversation, direction=Direction.OUTBOUND, body_text="Hello?", author_agent=cast.alice.user
    )
    assert attempt_delivery(reply.pk) == "failed"
    reply.refresh_from_db()
    assert "24-hour window" in reply.delivery_error
    assert "template" in reply.delivery_error
    assert reply.delivery_retry_at is None
    assert not fake.sent("messages")


def test_outside_the_window_an_approved_template_is_sent(cast: Cast, fake: Fake) -> None:
    account, conversation = _wrote(fake)
    _age_customers_messages(30)
    template = actions.save_template(
        account,
        name="order_update",
        language="tr",
        body="Merhaba {{1}}, siparişiniz {{2}} tarihinde yola çıktı.",
        approved=True,
        actor=None,
    )
    message = actions.send_template(conversation, template, ["Ayşe", "3 Aralık"], cast.alice.user)
    assert message.body_text == "Merhaba Ayşe, siparişiniz 3 Aralık tarihinde yola çıktı."
    assert attempt_delivery(message.pk) == "sent"
    [call] = fake.sent("messages")
    assert call.json()["type"] == "template"
    assert call.json()["template"] == {
        "name": "order_update",
        "language": {"code": "tr"},
        "components": [
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "text": "Ayşe"},
                    {"type": "text", "text": "3 Aralık"},
                ],
            }
        ],
    }


def test_a_template_missing_its_values_is_refused(cast: Cast, fake: Fake) -> None:
    account, conversation = _wrote(fake)
    template = actions.save_template(
        account, name="order_update", language="tr", body="Merhaba {{1}}", approved=True, actor=None
    )
    with pytest.raises(ValidationError):
        actions.send_template(conversation, template, [""], cast.alice.user)


def test_the_conversation_page_shows_the_window_and_the_template_form(
    cast: Cast, fake: Fake
) -> None:
    account, conversation = _wrote(fake)
    conversation.team = cast.support
    conversation.save(update_fields=["team"])
    actions.save_template(
        account, name="hello", language="en", body="Hi {{1}}", approved=True, actor=None
    )
    agent = Client()
    agent.force_login(cast.alice.user)
    page = agent.get(f"/conversations/{conversation.pk}/").content.decode()
    assert "The 24-hour window is open until" in page
    _age_customers_messages(25)
    page = agent.get(f"/conversations/{conversation.pk}/").content.decode()
    assert "The 24-hour window is closed" in page
    assert 'action="/messaging/conversations/' in page
    answer = agent.post(
        f"/messaging/conversations/{conversation.pk}/template",
        {"template": account.templates.get().pk, "parameter": ["Ayşe", ""]},
    )
    assert answer.status_code == 302
    assert Message.objects.filter(direction=Direction.OUTBOUND, body_text="Hi Ayşe").exists()


def test_status_notifications_update_the_replys_delivery(cast: Cast, fake: Fake) -> None:
    account, conversation = _wrote(fake)
    reply = add_message(
        conversation, direction=Direction.OUTBOUND, body_text="ok", author_agent=cast.alice.user
    )
    attempt_delivery(reply.pk)
    reply.refresh_from_db()
    failed = {
        "id": reply.external_id,
        "status": "failed",
        "timestamp": "1764590100",
        "recipient_id": "905321234567",
        "errors": [
            {"code": 131047, "title": "Re-engagement message", "message": "Re-engagement message"}
        ],
    }
    delivered = {**failed, "status": "delivered"}
    del delivered["errors"]
    assert (
        post_whatsapp(Client(), account, whatsapp_notification(statuses=[delivered])).status_code
        == 200
    )
    reply.refresh_from_db()
    assert reply.delivery == Delivery.DELIVERED
    second = add_message(
        conversation, direction=Direction.OUTBOUND, body_text="again", author_agent=cast.alice.user
    )
    attempt_delivery(second.pk)
    second.refresh_from_db()
    failed["id"] = second.external_id
    post_whatsapp(Client(), account, whatsapp_notification(statuses=[failed]))
    second.refresh_from_db()
    assert second.delivery == Delivery.FAILED
    assert "131047" in second.delivery_error


def test_a_file_in_a_reply_is_refused_with_what_to_do(cast: Cast, fake: Fake) -> None:
    _account, conversation = _wrote(fake)
    reply = add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text="the invoice",
        author_agent=cast.alice.user,
        attachments=[NewAttachment("invoice.pdf", "application/pdf", b"%PDF")],
    )
    assert attempt_delivery(reply.pk) == "failed"
    reply.refresh_from_db()
    assert "cannot send files" in reply.delivery_error


def test_one_apps_webhook_serves_each_of_its_numbers_and_ignores_unknown_ones(
    cast: Cast, fake: Fake
) -> None:
    first, _secret = make_account("whatsapp", fake.url)
    second, _other = make_account("whatsapp", fake.url, phone_number_id="222")
    payload = whatsapp_notification([whatsapp_text(WAMID, "to the second number")])
    payload["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = "222"
    assert post_whatsapp(Client(), first, payload).status_code == 200
    assert Message.objects.get().account == second.label
    payload["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = "333"
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"] = "wamid.other"
    assert post_whatsapp(Client(), first, payload).status_code == 200
    assert Message.objects.count() == 1
