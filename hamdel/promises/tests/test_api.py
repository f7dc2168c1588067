from datetime import timedelta

import pytest
from django.utils import timezone

from hamdel.promises.models import Promise, State
from hamdel.promises.tests.factories import make_promise
from hamdel.test import ApiClient, Cast, make_conversation

pytestmark = pytest.mark.django_db


def _due(hours: float) -> str:
    return (timezone.now() + timedelta(hours=hours)).isoformat()


def test_feasibility_answers_exactly_its_fields_and_saves_nothing(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    response = ApiClient(cast.alice.user).post(
        "/promises/feasibility",
        {"kind": "callback", "due_at": _due(0.5), "conversation_id": conversation.pk},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"likely", "realistic_due_at", "basis", "samples", "reasons"}
    assert (body["likely"], body["basis"], body["samples"]) == (False, "default", 0)
    assert not Promise.objects.exists()


def test_an_unlikely_promise_is_refused_without_a_reason_and_made_with_one(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    api = ApiClient(cast.alice.user)
    body = {"kind": "callback", "due_at": _due(0.5), "words": "call me before noon"}
    refused = api.post(f"/conversations/{conversation.pk}/promises", body)
    assert refused.status_code == 422
    assert refused.json()["field"] == "unlikely_reason"
    made = api.post(
        f"/conversations/{conversation.pk}/promises", {**body, "unlikely_reason": "Gold tier"}
    )
    assert made.status_code == 201, made.content
    promise = made.json()
    assert promise["owner_agent_id"] == cast.alice.user.pk
    assert promise["state"] == "open"
    assert promise["words"] == "call me before noon"
    assert promise["sentence"].startswith("I will call you back by ")


def test_listing_filters_by_owner_state_and_due_time(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    soon = make_promise(conversation, cast.alice.user, hours=5)
    make_promise(conversation, cast.alice.user, hours=50)
    make_promise(conversation, cast.sam.user, hours=5)
    api = ApiClient(cast.alice.user)
    mine = api.get("/promises", owner="me", state="open", due_before=_due(10)).json()
    assert [row["id"] for row in mine] == [soon.pk]
    sams = api.get("/promises", owner=str(cast.sam.user.pk)).json()
    assert [row["owner_agent_id"] for row in sams] == [cast.sam.user.pk]
    assert len(api.get("/promises", owner=f"team:{cast.support.pk}").json()) == 3


def test_keep_and_cancel(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    first = make_promise(conversation, cast.alice.user)
    second = make_promise(conversation, cast.alice.user)
    api = ApiClient(cast.alice.user)
    assert api.post(f"/promises/{first.pk}/keep").json()["state"] == "kept"
    assert api.post(f"/promises/{first.pk}/keep").status_code == 422
    assert api.post(f"/promises/{second.pk}/cancel", {"reason": ""}).status_code == 422
    cancelled = api.post(f"/promises/{second.pk}/cancel", {"reason": "Customer withdrew"})
    assert cancelled.json()["state"] == State.CANCELLED


def test_another_teams_agent_sees_neither_the_promise_nor_its_conversation(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    promise = make_promise(conversation, cast.alice.user)
    bob = ApiClient(cast.bob.user)
    assert bob.get("/promises").json() == []
    assert bob.post(f"/promises/{promise.pk}/keep").status_code == 404
    assert (
        bob.post(
            f"/conversations/{conversation.pk}/promises", {"kind": "callback", "due_at": _due(72)}
        ).status_code
        == 404
    )
