from typing import Any

import pytest

from hamdel.api.actions import revoke_token
from hamdel.api.models import ApiToken
from hamdel.test import ApiClient, Cast, make_conversation

pytestmark = pytest.mark.django_db

NEW_CONVERSATION: dict[str, Any] = {
    "subject": "سفارش نرسیده",
    "channel": "email",
    "customer": {"name": "Reza Moradi", "email": "reza@example.com", "phone": "۰۹۱۲۳۴۵۶۷۸۹"},
    "message": {"body": "سلام، سفارش ۴۵۸۲ هنوز نرسیده."},
}


def test_creating_a_conversation_takes_the_documented_shape(cast: Cast) -> None:
    response = ApiClient(cast.alice.user).post("/conversations", NEW_CONVERSATION)
    assert response.status_code == 201, response.content
    body = response.json()
    assert isinstance(body["id"], int)
    assert body["number"] >= 1001
    assert body["customer"]["name"] == "Reza Moradi"
    assert body["messages"][0]["body_text"] == NEW_CONVERSATION["message"]["body"]


def test_a_conversation_read_back_includes_its_messages(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    created = api.post("/conversations", NEW_CONVERSATION).json()
    api.post(f"/conversations/{created['id']}/messages", {"body": "Sorry, checking now."})
    response = api.get(f"/conversations/{created['id']}")
    assert response.status_code == 200
    bodies = [message["body_text"] for message in response.json()["messages"]]
    assert bodies == [NEW_CONVERSATION["message"]["body"], "Sorry, checking now."]


def test_the_same_customer_is_found_again_by_phone_in_another_script(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    first = api.post("/conversations", NEW_CONVERSATION).json()
    again = {**NEW_CONVERSATION, "customer": {"name": "Reza", "phone": "+98 912 345 6789"}}
    second = api.post("/conversations", again).json()
    assert first["customer"]["id"] == second["customer"]["id"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"customer": {"name": "X", "phone": "12345"}}, "phone"),
        ({"customer": {"name": "X", "email": "not-an-email"}}, "email"),
        ({"message": {"body": ""}}, "message.body"),
        ({"customer": {}}, "customer.name"),
    ],
)
def test_bad_input_is_a_json_error_naming_the_field(
    cast: Cast, change: dict[str, object], field: str
) -> None:
    response = ApiClient(cast.alice.user).post("/conversations", {**NEW_CONVERSATION, **change})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["field"] == field
    assert body["detail"]


def test_an_identity_claimed_by_two_customers_is_refused(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    api.post("/customers", {"name": "Reza", "phones": ["09123456789"]})
    response = api.post("/customers", {"name": "Someone else", "phones": ["0912 345 6789"]})
    assert response.status_code == 422
    assert response.json()["field"] == "phone"
    assert "already belongs" in response.json()["detail"]


def test_another_teams_conversation_is_404_like_a_missing_one(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.billing)
    api = ApiClient(cast.alice.user)
    assert api.get(f"/conversations/{conversation.pk}").status_code == 404
    assert api.post(f"/conversations/{conversation.pk}/notes", {"body": "hi"}).status_code == 404
    assert api.get("/conversations/999999").status_code == 404
    assert ApiClient(cast.bob.user).get(f"/conversations/{conversation.pk}").status_code == 200


def test_lists_show_only_what_the_agent_may_open(cast: Cast) -> None:
    mine = make_conversation(cast.customer, team=cast.support)
    make_conversation(cast.customer, team=cast.billing)
    items = ApiClient(cast.alice.user).get("/conversations").json()["items"]
    assert [item["id"] for item in items] == [mine.pk]
    assert len(ApiClient(cast.sam.user).get("/conversations").json()["items"]) == 2


def test_lists_filter_by_status_team_and_tag(cast: Cast) -> None:
    api = ApiClient(cast.sam.user)
    first = make_conversation(cast.customer, team=cast.support)
    make_conversation(cast.customer, team=cast.billing)
    api.put(f"/conversations/{first.pk}/tags", {"tags": ["late"]})
    assert [i["id"] for i in api.get("/conversations", tag="late").json()["items"]] == [first.pk]
    assert [
        i["id"] for i in api.get("/conversations", team_id=cast.support.pk).json()["items"]
    ] == [first.pk]
    assert api.get("/conversations", status="solved").json()["items"] == []


def test_conversation_actions_assign_status_merge_and_split(cast: Cast) -> None:
    api = ApiClient(cast.sam.user)
    one = make_conversation(cast.customer, team=cast.support)
    two = make_conversation(cast.customer, team=cast.support)
    assigned = api.post(f"/conversations/{one.pk}/assign", {"assignee_id": cast.alice.user.pk})
    assert assigned.json()["assignee_id"] == cast.alice.user.pk
    assert assigned.json()["team_id"] == cast.support.pk  # not sent, so unchanged
    assert (
        api.post(f"/conversations/{one.pk}/status", {"status": "on_hold"}).json()["status"]
        == "on_hold"
    )
    merged = api.post(f"/conversations/{two.pk}/merge", {"target_id": one.pk}).json()
    assert merged["id"] == one.pk
    assert len(merged["messages"]) == 2
    split = api.post(f"/messages/{merged['messages'][1]['id']}/split")
    assert split.status_code == 201
    assert split.json()["id"] not in (one.pk, two.pk)


def test_a_note_with_a_mention_reports_who_was_mentioned(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    response = ApiClient(cast.alice.user).post(
        f"/conversations/{conversation.pk}/notes", {"body": "@sam please approve the refund"}
    )
    assert response.status_code == 201
    assert response.json()["mention_ids"] == [cast.sam.user.pk]


def test_no_token_a_wrong_token_or_a_revoked_token_is_401(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    assert api.client.get("/api/v1/conversations").status_code == 401
    wrong = api.client.get("/api/v1/conversations", headers={"Authorization": "Bearer hmd_nope"})
    assert wrong.status_code == 401
    assert "Bearer" in wrong.json()["detail"]
    revoke_token(ApiToken.objects.get(user=cast.alice.user), None)
    assert api.get("/conversations").status_code == 401


def test_tokens_are_stored_hashed(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    stored = ApiToken.objects.get(user=cast.alice.user)
    assert api.token not in (stored.digest, stored.prefix)
    assert len(stored.digest) == 64


def test_only_admins_manage_staff_and_teams(cast: Cast) -> None:
    new_agent = {"username": "newbie", "team_ids": [cast.support.pk]}
    assert ApiClient(cast.alice.user).post("/agents", new_agent).status_code == 403
    assert ApiClient(cast.sam.user).post("/teams", {"name": "VIP desk"}).status_code == 403
    created = ApiClient(cast.ada.user).post("/agents", new_agent)
    assert created.status_code == 201
    assert created.json()["team_ids"] == [cast.support.pk]
    assert ApiClient(cast.ada.user).post("/teams", {"name": "VIP desk"}).status_code == 201


def test_an_agent_may_set_their_own_presence_but_not_their_role(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    assert api.patch(f"/agents/{cast.alice.pk}", {"presence": "away"}).json()["presence"] == "away"
    assert api.patch(f"/agents/{cast.alice.pk}", {"role": "admin"}).status_code == 403
    assert api.patch(f"/agents/{cast.bob.pk}", {"presence": "away"}).status_code == 403


def test_openapi_schema_and_docs_are_served(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    schema = api.client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/conversations" in schema.json()["paths"]
    assert api.client.get("/api/docs").status_code == 200


def _written() -> tuple[int, int, int]:
    from hamdel.audit.models import Event
    from hamdel.people.models import Customer
    from hamdel.text.models import SearchEntry

    return Customer.objects.count(), Event.objects.count(), SearchEntry.objects.count()


@pytest.mark.parametrize(
    "change",
    [
        {"channel": "pigeon"},
        {"customer": {"name": "New Person", "email": "new@example.com", "phone": "12345"}},
        {"customer": {"name": "New Person", "email": "not-an-email"}},
        {"customer": {"name": "New Person", "email": "new@example.com"}, "message": {"body": ""}},
        {"customer": {"name": "New Person", "email": "new@example.com"}, "subject": "x" * 301},
    ],
)
def test_a_rejected_create_writes_no_customer_event_or_index_entry(
    cast: Cast, change: dict[str, object]
) -> None:
    api = ApiClient(cast.alice.user)
    before = _written()
    response = api.post("/conversations", {**NEW_CONVERSATION, **change})
    assert 400 <= response.status_code < 500, response.content
    assert _written() == before


def test_the_channel_is_an_enum_in_the_openapi_schema(cast: Cast) -> None:
    schema = ApiClient(cast.alice.user).get("/openapi.json").json()
    channel = schema["components"]["schemas"]["ConversationIn"]["properties"]["channel"]
    assert {"email", "sms", "web", "api"} <= set(channel["enum"])


def test_a_create_indexes_the_new_customer_once(cast: Cast) -> None:
    from hamdel.text.models import SearchEntry

    body = ApiClient(cast.alice.user).post("/conversations", NEW_CONVERSATION).json()
    entries = SearchEntry.objects.filter(kind="customer", object_id=body["customer"]["id"])
    assert entries.count() == 1
    assert str(body["number"]) in entries.get().tokens
