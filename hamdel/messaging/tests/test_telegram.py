"""Telegram (and Telegram-compatible bot APIs): webhook updates in, replies out, against
the local fake of the Bot API."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from hamdel.messaging.actions import bot_identity_kind
from hamdel.messaging.models import DroppedFile, SentPart
from hamdel.messaging.tests.fake import Fake
from hamdel.messaging.tests.helpers import BOT_TOKEN, make_account, post_telegram, telegram_text
from hamdel.people.models import Identity
from hamdel.test import Cast
from hamdel.tickets.actions import NewAttachment, add_message, attempt_delivery, change_status
from hamdel.tickets.models import Attachment, Conversation, Delivery, Direction, Message, Status

pytestmark = pytest.mark.django_db


def test_an_update_with_the_secret_opens_a_messenger_conversation(cast: Cast, fake: Fake) -> None:
    account, secret = make_account("telegram", fake.url, team=cast.support)
    answer = post_telegram(Client(), account, telegram_text(700001, "سلام، سفارشم نرسیده"), secret)
    assert answer.status_code == 200
    message = Message.objects.get(external_id="700001")
    assert message.channel == "messenger"
    assert message.account == account.label
    assert message.conversation.team == cast.support
    identity = Identity.objects.get(kind="telegram", value="50912345")
    assert identity.customer.name == "Ali Rezaei (@ali_r)"
    assert message.body_text == "سلام، سفارشم نرسیده"


@pytest.mark.parametrize("secret", ["wrong-secret", "", None])
def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_stored(
    cast: Cast, fake: Fake, secret: str | None
) -> None:
    account, _secret = make_account("telegram", fake.url)
    answer = post_telegram(Client(), account, telegram_text(700002, "hello"), secret)
    assert answer.status_code == 403
    assert not Message.objects.exists()
    assert not Identity.objects.filter(kind="telegram").exists()


def test_a_retried_update_is_stored_once(cast: Cast, fake: Fake) -> None:
    account, secret = make_account("telegram", fake.url)
    for _attempt in range(3):
        assert (
            post_telegram(Client(), account, telegram_text(700003, "hello"), secret).status_code
            == 200
        )
    assert Message.objects.filter(external_id="700003").count() == 1


def test_an_unknown_hook_is_not_found(cast: Cast, fake: Fake) -> None:
    answer = Client().post("/messaging/hooks/telegram/nope/", "{}", content_type="application/json")
    assert answer.status_code == 404


def test_a_second_message_continues_the_open_conversation_and_a_solved_one_reopens(
    cast: Cast, fake: Fake
) -> None:
    account, secret = make_account("telegram", fake.url)
    post_telegram(Client(), account, telegram_text(1, "first"), secret)
    post_telegram(Client(), account, telegram_text(2, "second"), secret)
    conversation = Conversation.objects.get()
    assert conversation.messages.count() == 2
    change_status(conversation, Status.SOLVED, cast.alice.user)
    post_telegram(Client(), account, telegram_text(3, "one more thing"), secret)
    conversation.refresh_from_db()
    assert Conversation.objects.count() == 1
    assert conversation.status == Status.OPEN


def test_after_the_reopen_window_a_solved_conversation_stays_solved_and_a_new_one_opens(
    cast: Cast, fake: Fake
) -> None:
    account, secret = make_account("telegram", fake.url)
    post_telegram(Client(), account, telegram_text(1, "first"), secret)
    first = Conversation.objects.get()
    change_status(first, Status.SOLVED, cast.alice.user)
    Conversation.objects.filter(pk=first.pk).update(solved_at=timezone.now() - timedelta(hours=73))
    post_telegram(Client(), account, telegram_text(2, "a new question"), secret)
    assert Conversation.objects.count() == 2
    first.refresh_from_db()
    assert first.status == Status.SOLVED


def test_a_photo_and_a_document_are_fetched_with_getfile(cast: Cast, fake: Fake) -> None:
    account, secret = make_account("telegram", fake.url)
    fake.files[f"/file/bot{BOT_TOKEN}/documents/PHOTO-BIG"] = b"\xff\xd8jpeg"
    fake.files[f"/file/bot{BOT_TOKEN}/documents/DOC-1"] = b"%PDF-1.7 invoice"
    update = telegram_text(700010, "")
    message = update["message"]
    del message["text"]
    message["caption"] = "this came broken"
    message["photo"] = [
        {
            "file_id": "PHOTO-SMALL",
            "file_unique_id": "s1",
            "width": 90,
            "height": 90,
            "file_size": 1200,
        },
        {
            "file_id": "PHOTO-BIG",
            "file_unique_id": "b1",
            "width": 1280,
            "height": 960,
            "file_size": 6,
        },
    ]
    assert post_telegram(Client(), account, update, secret).status_code == 200
    doc = telegram_text(700011, "")
    del doc["message"]["text"]
    doc["message"]["document"] = {
        "file_id": "DOC-1",
        "file_unique_id": "d1",
        "file_name": "invoice.pdf",
        "mime_type": "application/pdf",
        "file_size": 16,
    }
    assert post_telegram(Client(), account, doc, secret).status_code == 200
    photo = Attachment.objects.get(message__external_id="700010")
    assert photo.content_type == "image/jpeg"
    assert photo.file.read() == b"\xff\xd8jpeg"
    assert Message.objects.get(external_id="700010").body_text == "this came broken"
    document = Attachment.objects.get(message__external_id="700011")
    assert (document.filename, document.file.read()) == ("invoice.pdf", b"%PDF-1.7 invoice")
    assert [call.value("file_id") for call in fake.sent("getFile")] == ["PHOTO-BIG", "DOC-1"]


def test_an_oversized_document_is_recorded_as_dropped_with_a_note(
    cast: Cast, fake: Fake, settings: Settings
) -> None:
    settings.MAX_ATTACHMENT_MB = 1
    account, secret = make_account("telegram", fake.url)
    update = telegram_text(700012, "the video")
    update["message"]["document"] = {
        "file_id": "BIG",
        "file_unique_id": "v1",
        "file_name": "unboxing.mp4",
        "mime_type": "video/mp4",
        "file_size": 30 * 1024 * 1024,
    }
    assert post_telegram(Client(), account, update, secret).status_code == 200
    message = Message.objects.get(external_id="700012")
    assert "unboxing.mp4" in message.body_text
    assert "1 MB" in message.body_text
    dropped = DroppedFile.objects.get(message=message)
    assert dropped.size == 30 * 1024 * 1024
    assert not fake.sent("getFile")
    assert not message.attachments.exists()


def test_a_file_larger_than_it_said_is_dropped_too(
    cast: Cast, fake: Fake, settings: Settings
) -> None:
    settings.MAX_ATTACHMENT_MB = 1
    account, secret = make_account("telegram", fake.url)
    fake.files[f"/file/bot{BOT_TOKEN}/documents/LIAR"] = b"x" * (1024 * 1024 + 10)
    update = telegram_text(700013, "file")
    update["message"]["document"] = {
        "file_id": "LIAR",
        "file_unique_id": "l1",
        "file_name": "a.bin",
    }
    post_telegram(Client(), account, update, secret)
    assert DroppedFile.objects.filter(filename="a.bin").exists()


def _conversation_with_customer(fake: Fake) -> tuple[Conversation, Message]:
    bot, secret = make_account("telegram", fake.url)
    post_telegram(Client(), bot, telegram_text(1, "hello"), secret)
    conversation = Conversation.objects.get()
    return conversation, Message.objects.get(direction=Direction.INBOUND)


def test_a_reply_goes_out_with_sendmessage_to_the_chat(cast: Cast, fake: Fake) -> None:
    conversation, _first = _conversation_with_customer(fake)
    reply = add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text="We are on it",
        author_agent=cast.alice.user,
    )
    assert attempt_delivery(reply.pk) == "sent"
    [call] = fake.sent("sendMessage")
    assert call.path == f"/bot{BOT_TOKEN}/sendMessage"
    assert (call.value("chat_id"), call.value("text")) == ("50912345", "We are on it")
    reply.refresh_from_db()
    assert reply.delivery == Delivery.SENT
    assert reply.external_id.isdigit()


def test_a_long_reply_is_split_at_4096_characters(cast: Cast, fake: Fake) -> None:
    conversation, _first = _conversation_with_customer(fake)
    text = ("word " * 1000).strip() + "\n" + "x" * 3000
    reply = add_message(
        conversation, direction=Direction.OUTBOUND, body_text=text, author_agent=cast.alice.user
    )
    assert attempt_delivery(reply.pk) == "sent"
    parts = [call.value("text") for call in fake.sent("sendMessage")]
    assert len(parts) == 2
    assert all(len(part) <= 4096 for part in parts)
    assert " ".join(parts).replace("\n", " ").split() == text.replace("\n", " ").split()


def test_a_429_then_a_500_are_retried_with_back_off_and_each_part_goes_out_once(
    cast: Cast, fake: Fake
) -> None:
    conversation, _first = _conversation_with_customer(fake)
    text = "a" * 4000 + "\n" + "b" * 4000
    reply = add_message(
        conversation, direction=Direction.OUTBOUND, body_text=text, author_agent=cast.alice.user
    )
    fake.fail_next(
        "sendMessage",
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 5",
            "parameters": {"retry_after": 5},
        },
    )
    now = timezone.now()
    assert attempt_delivery(reply.pk, now) == "failed"
    reply.refresh_from_db()
    assert "429" in reply.delivery_error
    assert "Too Many Requests" in reply.delivery_error
    assert reply.delivery_retry_at == now + timedelta(seconds=30)
    # The first part went out on the second attempt; the provider fails on the second part.
    fake.calls.clear()
    fake.fail_next("sendMessage", 200, {"ok": True, "result": {"message_id": 1}})
    fake.fail_next(
        "sendMessage", 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}
    )
    assert attempt_delivery(reply.pk, now + timedelta(seconds=31)) == "failed"
    assert SentPart.objects.filter(message=reply).count() == 1
    assert attempt_delivery(reply.pk, now + timedelta(minutes=3)) == "sent"
    texts = [call.value("text")[:1] for call in fake.calls if call.name == "sendMessage"]
    assert texts == ["a", "b", "b"]  # part one once; part two failed once, then sent
    assert attempt_delivery(reply.pk, now + timedelta(minutes=10)) == "done"


def test_a_refused_reply_fails_for_good_with_the_providers_words(cast: Cast, fake: Fake) -> None:
    conversation, _first = _conversation_with_customer(fake)
    reply = add_message(
        conversation, direction=Direction.OUTBOUND, body_text="hi", author_agent=cast.alice.user
    )
    fake.fail_next(
        "sendMessage",
        403,
        {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
    )
    assert attempt_delivery(reply.pk) == "failed"
    reply.refresh_from_db()
    assert "bot was blocked by the user" in reply.delivery_error
    assert reply.delivery_retry_at is None


def test_an_attachment_goes_out_with_senddocument_and_a_photo_with_sendphoto(
    cast: Cast, fake: Fake
) -> None:
    conversation, _first = _conversation_with_customer(fake)
    reply = add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text="Your invoice and the label",
        author_agent=cast.alice.user,
        attachments=[
            NewAttachment("invoice.pdf", "application/pdf", b"%PDF"),
            NewAttachment("label.png", "image/png", b"\x89PNG"),
        ],
    )
    assert attempt_delivery(reply.pk) == "sent"
    [document] = fake.sent("sendDocument")
    [photo] = fake.sent("sendPhoto")
    assert document.files["document"] == ("invoice.pdf", b"%PDF")
    assert document.value("caption") == "Your invoice and the label"
    assert photo.files["photo"] == ("label.png", b"\x89PNG")
    assert not fake.sent("sendMessage")


def test_bale_users_have_their_own_identity_kind_and_other_bot_apis_are_kept_per_account(
    cast: Cast, fake: Fake
) -> None:
    assert bot_identity_kind("https://tapi.bale.ai") == "bale"
    assert bot_identity_kind("") == "telegram"
    other, other_secret = make_account("telegram", fake.url, as_telegram=False)
    assert other.identity_kind == "botapi"  # the fake's address is no known bot API
    post_telegram(Client(), other, telegram_text(1, "hi", user_id=42), other_secret)
    assert Identity.objects.filter(kind="botapi", value=f"{other.pk}:42").exists()
    conversation = Conversation.objects.get()
    reply = add_message(
        conversation, direction=Direction.OUTBOUND, body_text="hello", author_agent=cast.alice.user
    )
    assert attempt_delivery(reply.pk) == "sent"
    assert fake.sent("sendMessage")[0].value("chat_id") == "42"


def test_the_webhook_is_registered_with_setwebhook_when_the_site_is_public(
    cast: Cast, fake: Fake, settings: Settings
) -> None:
    settings.BASE_URL = "https://help.example.com"
    account, secret = make_account("telegram", fake.url)
    [call] = fake.sent("setWebhook")
    assert call.value("url") == f"https://help.example.com/messaging/hooks/telegram/{account.hook}/"
    assert call.value("secret_token") == secret
    account.refresh_from_db()
    assert account.webhook_note


@pytest.mark.django_db(transaction=True)
def test_a_new_customers_update_and_its_retry_at_the_same_moment_are_stored_once(
    fake: Fake,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL (SQLite serialises them)")
    account, secret = make_account("telegram", fake.url)
    updates = [
        telegram_text(900001, "first"),
        telegram_text(900001, "first"),
        telegram_text(900002, "second"),
        telegram_text(900003, "third"),
    ]
    start = threading.Barrier(len(updates))
    answers: list[int] = []

    def post(update: dict[str, object]) -> None:
        start.wait()
        try:
            answers.append(post_telegram(Client(), account, update, secret).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(update,)) for update in updates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200] * 4
    assert Message.objects.count() == 3
    assert Identity.objects.filter(kind="telegram").count() == 1
