"""Promises on a customer without a conversation (a taken message's callback)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hamdel.promises import actions
from hamdel.promises.models import Kind, Promise, State
from hamdel.test import ApiClient, Cast, make_conversation

pytestmark = pytest.mark.django_db


def _due(days: float = 3) -> str:
    return (timezone.now() + timedelta(days=days)).isoformat()


def test_the_api_makes_a_promise_on_the_customer_alone(cast: Cast) -> None:
    made = ApiClient(cast.alice.user).post(
        f"/customers/{cast.customer.pk}/promises",
        {"kind": "callback", "due_at": _due(), "words": "ring me on Monday"},
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["conversation_id"] is None
    assert body["customer_id"] == cast.customer.pk
    assert body["owner_agent_id"] == cast.alice.user.pk
    assert body["state"] == "open"
    promise = Promise.objects.get(pk=body["id"])
    assert promise.conversation is None
    assert promise.words == "ring me on Monday"


def test_the_customer_endpoint_asks_the_same_as_the_conversation_one(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    refused = api.post(
        f"/customers/{cast.customer.pk}/promises", {"kind": "callback", "due_at": _due(0.01)}
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "unlikely_reason"
    assert (
        api.post("/customers/999999/promises", {"kind": "fix", "due_at": _due()}).status_code == 404
    )
    assert not Promise.objects.exists()


def test_an_agent_outside_every_team_sees_and_keeps_a_customer_promise(cast: Cast) -> None:
    promise = actions.make_promise(
        actions.PromiseDraft(
            kind=Kind.CALLBACK, due_at=timezone.now() + timedelta(days=3), owner_agent=cast.bob.user
        ),
        customer=cast.customer,
        conversation=None,
        actor=cast.bob.user,
    )
    api = ApiClient(cast.bob.user)
    assert api.get(f"/promises/{promise.pk}").json()["conversation_id"] is None
    kept = api.post(f"/promises/{promise.pk}/keep", {})
    assert kept.status_code == 200, kept.content
    assert kept.json()["state"] == State.KEPT


def test_the_customer_page_and_my_promises_show_it(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    on_conversation = actions.make_promise(
        actions.PromiseDraft(
            kind=Kind.REFUND, due_at=timezone.now() + timedelta(days=9), owner_agent=cast.alice.user
        ),
        customer=cast.customer,
        conversation=conversation,
        actor=cast.alice.user,
    )
    alone = actions.make_promise(
        actions.PromiseDraft(
            kind=Kind.CALLBACK,
            due_at=timezone.now() + timedelta(days=3),
            owner_agent=cast.alice.user,
            words="call about the invoice",
        ),
        customer=cast.customer,
        conversation=None,
        actor=cast.alice.user,
    )
    browser = Client()
    browser.force_login(cast.alice.user)
    page = browser.get(f"/customers/{cast.customer.pk}/").content.decode()
    assert 'id="customer-promises"' in page
    assert f'id="promise-{alone.pk}"' in page
    assert "call about the invoice" in page
    # The conversation's promise shows on its conversation, not in the customer's panel.
    assert f'id="promise-{on_conversation.pk}"' not in page
    mine = browser.get("/promises/mine/").content.decode()
    assert "call about the invoice" in mine
    row = mine[mine.index("call about the invoice") - 900 :]
    assert f"/customers/{cast.customer.pk}/" in row


def test_the_customer_page_without_promises_says_so(cast: Cast) -> None:
    browser = Client()
    browser.force_login(cast.alice.user)
    page = browser.get(f"/customers/{cast.customer.pk}/").content.decode()
    assert "No promises outside conversations." in page
