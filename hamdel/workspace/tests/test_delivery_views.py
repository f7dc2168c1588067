"""A reply's delivery on the conversation page and in the API: state, reason, retry."""

import pytest
from django.test import Client
from django.utils import timezone

from hamdel.test import PASSWORD, ApiClient, Cast, make_conversation
from hamdel.tickets.actions import add_message, attempt_delivery
from hamdel.tickets.models import Delivery, Direction, Message

pytestmark = pytest.mark.django_db


def _failed_reply(cast: Cast) -> Message:
    conversation = make_conversation(cast.customer, team=cast.support, channel="phone")
    reply = add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text="We will call you at five.",
        author_agent=cast.alice.user,
        actor=cast.alice.user,
    )
    assert attempt_delivery(reply.pk, timezone.now()) == "no transport"
    reply.refresh_from_db()
    return reply


def test_a_failed_reply_shows_its_reason_and_a_retry_button(cast: Cast) -> None:
    reply = _failed_reply(cast)
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    page = client.get(f"/conversations/{reply.conversation_id}/").content.decode()
    assert 'data-delivery="failed"' in page
    assert "Not delivered: this channel cannot send yet." in page
    assert f'action="/messages/{reply.pk}/retry"' in page

    response = client.post(f"/messages/{reply.pk}/retry")
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.delivery == Delivery.QUEUED


def test_the_retry_is_refused_to_an_agent_who_cannot_open_the_conversation(cast: Cast) -> None:
    reply = _failed_reply(cast)
    client = Client()
    assert client.login(username="bob", password=PASSWORD)
    assert client.post(f"/messages/{reply.pk}/retry").status_code == 404
    reply.refresh_from_db()
    assert reply.delivery == Delivery.FAILED


def test_the_api_shows_the_delivery_and_retries_it(cast: Cast) -> None:
    reply = _failed_reply(cast)
    api = ApiClient(cast.alice.user)
    detail = api.get(f"/conversations/{reply.conversation_id}").json()
    shown = {message["id"]: message["delivery"] for message in detail["messages"]}
    assert shown[reply.pk]["status"] == "failed"
    assert shown[reply.pk]["error"] == "Not delivered: this channel cannot send yet."
    assert shown[reply.pk]["next_attempt_at"] is None
    first = detail["messages"][0]
    assert first["delivery"] is None  # the customer's message

    retried = api.post(f"/conversations/{reply.conversation_id}/messages/{reply.pk}/retry")
    assert retried.status_code == 200, retried.content
    assert retried.json()["delivery"]["status"] == "queued"
    elsewhere = make_conversation(cast.customer, team=cast.support)
    wrong = api.post(f"/conversations/{elsewhere.pk}/messages/{reply.pk}/retry")
    assert wrong.status_code == 404
