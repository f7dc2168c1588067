"""The compensation API: the request's contract, the ledger it returns, the limits,
and the payment gateway's signed webhook (only the gateway itself is faked: we sign as
it would)."""

import json
import time
from typing import Any

import pytest
from django.test import Client

from hamdel.compensation import gateway
from hamdel.compensation.models import Entry, EntryKind
from hamdel.compensation.tests.factories import usual_limits
from hamdel.test import ApiClient, Cast, make_conversation
from hamdel.tickets.models import Conversation


@pytest.fixture
def conversation(cast: Cast) -> Conversation:
    usual_limits()
    return make_conversation(cast.customer, team=cast.support)


def _ask(client: ApiClient, conversation: Conversation, **fields: object) -> Any:
    body = {"kind": "partial_refund", "amount": "12.50", "currency": "USD", "reason": "late"}
    return client.post(f"/conversations/{conversation.pk}/compensations", {**body, **fields})


def test_a_request_within_the_limit_answers_approved(
    cast: Cast, conversation: Conversation
) -> None:
    answer = _ask(ApiClient(cast.alice.user), conversation)
    assert answer.status_code == 201
    body = answer.json()
    assert {key: body[key] for key in ("state", "approver_role", "amount")} == {
        "state": "approved",
        "approver_role": None,
        "amount": "12.50",
    }
    assert body["why"].startswith("Within the Agent limits ($50.00 per case")
    assert [entry["kind"] for entry in body["entries"]] == ["requested", "approved"]
    assert body["entries"][1]["actor"] == "alice"


def test_a_request_above_the_limit_answers_pending_with_its_approver(
    cast: Cast, conversation: Conversation
) -> None:
    alice = ApiClient(cast.alice.user)
    body = _ask(alice, conversation, amount="80.00", reference="ORD-1").json()
    assert (body["state"], body["approver_role"]) == ("pending_approval", "supervisor")
    assert "needs approval (Supervisor)" in body["why"]
    refused = alice.post(f"/compensations/{body['id']}/approve", {"comment": "ok"})
    assert refused.status_code == 403
    sam = ApiClient(cast.sam.user)
    assert [row["id"] for row in sam.get("/compensations/pending").json()] == [body["id"]]
    approved = sam.post(f"/compensations/{body['id']}/approve", {"comment": "ok"})
    assert approved.json()["state"] == "approved"
    read = alice.get(f"/compensations/{body['id']}").json()
    assert [entry["kind"] for entry in read["entries"]] == ["requested", "approved"]
    assert read["outstanding"] == "80.00"


def test_bad_input_is_refused_with_a_clear_error(cast: Cast, conversation: Conversation) -> None:
    alice = ApiClient(cast.alice.user)
    cases: list[tuple[dict[str, object], str]] = [
        ({"amount": "-1.00"}, "cannot be negative"),
        ({"amount": 12.5}, "as a string"),
        ({"currency": "ABC"}, "Unknown currency"),
        ({"amount": "100.5", "currency": "IRR"}, "at most 0 decimals"),
    ]
    for fields, words in cases:
        answer = _ask(alice, conversation, **fields)
        assert answer.status_code == 422, fields
        assert words in answer.content.decode(), fields


def test_limits_round_trip_and_only_an_administrator_sets_them(cast: Cast) -> None:
    rows = [
        {"role": "agent", "currency": "IRR", "per_case": "5000000", "per_month": "20000000"},
        {"role": "supervisor", "currency": "TRY", "per_case": "1500.00", "per_month": "9000.00"},
    ]
    assert ApiClient(cast.sam.user).put("/compensation/limits", rows).status_code == 403
    answer = ApiClient(cast.ada.user).put("/compensation/limits", rows)
    assert answer.status_code == 200
    assert ApiClient(cast.alice.user).get("/compensation/limits").json() == sorted(
        rows, key=lambda row: (row["currency"], row["role"])
    )
    bad = ApiClient(cast.ada.user).put("/compensation/limits", [{**rows[0], "per_case": "-1"}])
    assert bad.status_code == 422
    assert "0.per_case" in bad.content.decode()


def test_paid_through_the_api_is_idempotent(cast: Cast, conversation: Conversation) -> None:
    made = _ask(ApiClient(cast.alice.user), conversation).json()
    ada = ApiClient(cast.ada.user)
    first = ada.post(f"/compensations/{made['id']}/paid", {"reference": "gw-1"}).json()
    again = ada.post(f"/compensations/{made['id']}/paid", {"reference": "gw-1"}).json()
    assert (first["state"], first["replayed"]) == ("paid", False)
    assert (again["state"], again["replayed"]) == ("paid", True)
    assert Entry.objects.filter(compensation_id=made["id"], kind=EntryKind.PAID).count() == 1
    assert (
        ApiClient(cast.sam.user)
        .post(f"/compensations/{made['id']}/paid", {"reference": "gw-1"})
        .status_code
        == 403
    )


def _webhook(body: dict[str, object], *, signed_at: float | None = None, key: str = "") -> Any:
    raw = json.dumps(body).encode()
    header = gateway.sign(raw, int(signed_at or time.time()), key or None)
    return Client().post(
        "/api/v1/compensation/gateway",
        raw,
        content_type="application/json",
        headers={gateway.HEADER: header},
    )


def test_a_signed_webhook_pays_once_and_its_replays_change_nothing(
    cast: Cast, conversation: Conversation
) -> None:
    made = _ask(ApiClient(cast.alice.user), conversation).json()
    event = {
        "event": "refund.paid",
        "compensation_id": made["id"],
        "reference": "tx-55",
        "amount": "12.50",
        "currency": "USD",
    }
    first = _webhook(event)
    assert first.status_code == 200
    assert first.json()["replayed"] is False
    for _retry in range(3):
        replay = _webhook(event)
        assert replay.json()["replayed"] is True
    paid = Entry.objects.filter(compensation_id=made["id"], kind=EntryKind.PAID)
    assert [(entry.gateway_reference, entry.actor) for entry in paid] == [("tx-55", None)]
    reversed_event = {**event, "event": "refund.reversed", "reason": "chargeback"}
    assert _webhook(reversed_event).json()["state"] == "reversed"
    assert _webhook(reversed_event).json()["replayed"] is True


def test_an_unsigned_forged_or_stale_webhook_is_refused(
    cast: Cast, conversation: Conversation
) -> None:
    made = _ask(ApiClient(cast.alice.user), conversation).json()
    event = {"event": "refund.paid", "compensation_id": made["id"], "reference": "tx-1"}
    unsigned = Client().post(
        "/api/v1/compensation/gateway", json.dumps(event), content_type="application/json"
    )
    forged = _webhook(event, key="not-the-secret")
    stale = _webhook(event, signed_at=time.time() - gateway.SIGNATURE_TOLERANCE - 60)
    assert [r.status_code for r in (unsigned, forged, stale)] == [403, 403, 403]
    assert not Entry.objects.filter(compensation_id=made["id"], kind=EntryKind.PAID).exists()
