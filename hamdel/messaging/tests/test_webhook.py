"""The generic JSON webhook: HMAC-SHA256 signed messages in, signed replies out, and the
sample sender of docs/messaging.md working against a real server."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from hamdel.messaging.adapters.webhook import signature
from hamdel.messaging.tests.fake import Fake
from hamdel.messaging.tests.helpers import make_account, path_of, post_webhook
from hamdel.people.models import Identity
from hamdel.test import Cast
from hamdel.tickets.actions import add_message, attempt_delivery
from hamdel.tickets.models import Conversation, Delivery, Direction, Message

DOCS = Path(__file__).resolve().parents[3] / "docs" / "messaging.md"


def _payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": "shop-msg-1",
        "sender": {"id": "u-77", "name": "Olga Petrova", "email": "olga@example.ru"},
        "text": "Здравствуйте, где мой заказ?",
        "language": "ru",
    }
    payload.update(overrides)
    return payload


@pytest.mark.django_db
def test_a_signed_message_opens_a_conversation_with_the_senders_identities(
    cast: Cast, fake: Fake
) -> None:
    account, secret = make_account("webhook", fake.url)
    assert post_webhook(Client(), account, _payload(), secret).status_code == 200
    message = Message.objects.get(external_id="shop-msg-1")
    assert message.channel == "messenger"
    customer = message.conversation.customer
    kinds = {
        (identity.kind, identity.value) for identity in Identity.objects.filter(customer=customer)
    }
    assert kinds == {("webhook", f"{account.pk}:u-77"), ("email", "olga@example.ru")}


@pytest.mark.django_db
@pytest.mark.parametrize("secret", ["a-guess", None])
def test_a_bad_or_missing_signature_is_refused(cast: Cast, fake: Fake, secret: str | None) -> None:
    account, _secret = make_account("webhook", fake.url)
    assert post_webhook(Client(), account, _payload(), secret).status_code == 403
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_repeated_message_is_stored_once_and_a_file_inside_is_kept(
    cast: Cast, fake: Fake
) -> None:
    account, secret = make_account("webhook", fake.url)
    payload = _payload(
        attachments=[
            {"filename": "note.txt", "content_type": "text/plain", "content_base64": "cGFpZA=="}
        ]
    )
    for _attempt in range(2):
        assert post_webhook(Client(), account, payload, secret).status_code == 200
    message = Message.objects.get()
    assert message.attachments.get().file.read() == b"paid"


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_a_400(cast: Cast, fake: Fake) -> None:
    account, secret = make_account("webhook", fake.url)
    assert secret
    body = b"not json"
    headers = {"X-Hamdel-Signature": signature(secret, body)}
    answer = Client().post(path_of(account), body, content_type="application/json", headers=headers)
    assert answer.status_code == 400


@pytest.mark.django_db
def test_a_reply_is_posted_signed_to_the_outbound_url(cast: Cast, fake: Fake) -> None:
    account, secret = make_account("webhook", fake.url)
    assert secret
    post_webhook(Client(), account, _payload(), secret)
    reply = add_message(
        Conversation.objects.get(),
        direction=Direction.OUTBOUND,
        body_text="Завтра",
        author_agent=cast.alice.user,
    )
    assert attempt_delivery(reply.pk) == "sent"
    [call] = fake.sent("outbound")
    assert json.loads(call.body) == {"to": "u-77", "text": "Завтра"}
    assert call.headers["X-Hamdel-Signature"] == signature(secret, call.body)
    reply.refresh_from_db()
    assert reply.external_id.startswith("hook-")
    status = {"message_id": reply.external_id, "status": "delivered"}
    assert post_webhook(Client(), account, status, secret).status_code == 200
    reply.refresh_from_db()
    assert reply.delivery == Delivery.DELIVERED


def _sample_sender() -> dict[str, Any]:
    """The Python sample of docs/messaging.md, as an operator would copy it."""
    text = DOCS.read_text()
    match = re.search(r"```python\n(# sample sender.*?)```", text, re.DOTALL)
    assert match is not None, "docs/messaging.md has the sample sender"
    scope: dict[str, Any] = {}
    exec(compile(match.group(1), "sample_sender.py", "exec"), scope)  # noqa: S102 - our own docs
    return scope


@pytest.mark.django_db(transaction=True)
def test_the_sample_sender_in_the_docs_is_accepted_by_a_running_server(
    live_server: Any, fake: Fake
) -> None:
    account, secret = make_account("webhook", fake.url)
    sample = _sample_sender()
    status = sample["send"](
        f"{live_server.url}{path_of(account)}",
        secret,
        {"id": "order-42", "sender": {"id": "c-1", "name": "Reza"}, "text": "سلام"},
    )
    assert status == 200
    assert Message.objects.filter(external_id="order-42").exists()
