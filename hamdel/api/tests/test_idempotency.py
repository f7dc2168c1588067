from datetime import timedelta

import pytest
from django.utils import timezone

from hamdel.api.models import IdempotencyRecord, IdempotencyState
from hamdel.test import ApiClient, Cast
from hamdel.tickets.models import Conversation

pytestmark = pytest.mark.django_db

BODY = {
    "subject": "Order late",
    "channel": "web",
    "customer": {"name": "Emily Carter", "email": "emily@example.com"},
    "message": {"body": "Where is my order?"},
}


def test_the_same_key_and_body_replays_the_first_response(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    first = api.post("/conversations", BODY, headers={"Idempotency-Key": "order-1"})
    again = api.post("/conversations", BODY, headers={"Idempotency-Key": "order-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Conversation.objects.count() == 1


def test_the_same_key_with_another_body_is_422(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    api.post("/conversations", BODY, headers={"Idempotency-Key": "order-1"})
    other = api.post(
        "/conversations", {**BODY, "subject": "Changed"}, headers={"Idempotency-Key": "order-1"}
    )
    assert other.status_code == 422
    assert other.json()["field"] == "Idempotency-Key"
    assert Conversation.objects.count() == 1


def test_the_same_key_while_the_first_request_runs_is_409(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    first = api.post("/conversations", BODY, headers={"Idempotency-Key": "order-1"})
    assert first.status_code == 201
    # Put the record back in the state it has while the first request is still running.
    IdempotencyRecord.objects.update(state=IdempotencyState.RUNNING, response_body=None)
    second = api.post("/conversations", BODY, headers={"Idempotency-Key": "order-1"})
    assert second.status_code == 409
    assert Conversation.objects.count() == 1


def test_a_request_abandoned_by_a_killed_worker_can_be_retried(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    api.post("/conversations", BODY, headers={"Idempotency-Key": "order-1"})
    IdempotencyRecord.objects.update(
        state=IdempotencyState.RUNNING, created_at=timezone.now() - timedelta(minutes=5)
    )
    retry = api.post("/conversations", BODY, headers={"Idempotency-Key": "order-1"})
    assert retry.status_code == 201
    assert IdempotencyRecord.objects.get().state == IdempotencyState.DONE


def test_keys_are_scoped_to_the_caller(cast: Cast) -> None:
    alice, sam = ApiClient(cast.alice.user), ApiClient(cast.sam.user)
    alice.post("/conversations", BODY, headers={"Idempotency-Key": "same"})
    other = sam.post("/conversations", BODY, headers={"Idempotency-Key": "same"})
    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other
    assert Conversation.objects.count() == 2


def test_keys_are_scoped_to_the_route(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    created = api.post("/conversations", BODY, headers={"Idempotency-Key": "k"}).json()
    note = api.post(
        f"/conversations/{created['id']}/notes", {"body": "x"}, headers={"Idempotency-Key": "k"}
    )
    assert note.status_code == 201


def test_a_failed_request_is_not_kept_so_it_can_be_retried(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    forbidden = api.post("/teams", {"name": "New"}, headers={"Idempotency-Key": "t"})
    assert forbidden.status_code == 403
    assert not IdempotencyRecord.objects.exists()


def test_keys_are_kept_in_the_database_and_expire_after_a_day(cast: Cast) -> None:
    from hamdel.api.actions import purge_idempotency_records

    api = ApiClient(cast.alice.user)
    api.post("/conversations", BODY, headers={"Idempotency-Key": "order-1"})
    assert purge_idempotency_records() == 0
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert purge_idempotency_records() == 1
