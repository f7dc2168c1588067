"""Input an outsider can send answers 4xx with a sentence, never 500 (docs/security.md):
NUL characters, numbers too large for the database, bad cursors, unknown choices, null
for a field the database requires, a JSON array for an object, booleans for ids."""

from typing import Any

import pytest
from django.test import Client

from hamdel.people.models import Agent, Customer, Team
from hamdel.sla.models import SlaPolicy
from hamdel.test import PASSWORD, ApiClient, Cast, make_conversation
from hamdel.tickets.models import Conversation

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"
NUL = "\x00"

# Every list and filter of the agent UI, each parameter with the kind of value it takes.
CHOICE, ID, CURSOR, TEXT = "choice", "id", "cursor", "text"
INBOX = {
    "view": CHOICE,
    "sort": CHOICE,
    "status": CHOICE,
    "priority": CHOICE,
    "category": CHOICE,
    "channel": CHOICE,
    "language": CHOICE,
    "tier": CHOICE,
    "team": ID,
    "assignee": ID,
    "tag": TEXT,
    "q": TEXT,
    "since": TEXT,
    "until": TEXT,
    "cursor": CURSOR,
}
UI_LISTS: dict[str, dict[str, str]] = {
    "/inbox/": INBOX,
    "/inbox/export.csv": {name: kind for name, kind in INBOX.items() if kind != CURSOR},
    "/customers/": {"q": TEXT, "tier": CHOICE, "cursor": CURSOR},
    "/customers/{customer}/": {"cursor": CURSOR},
    "/audit/": {"conversation": ID, "customer": ID, "cursor": CURSOR},
    "/search/": {"q": TEXT, "type": CHOICE},
}
HOSTILE = {
    CHOICE: ["bogus", NUL],
    ID: [HUGE, "abc", "\u00b2", "-1", NUL],  # "²" is a digit to str.isdigit, not to int()
    CURSOR: ["abc", NUL],
    TEXT: [NUL, f"#{HUGE}"],
}
MESSAGES = (
    "NUL character",
    "Choose one of the values offered.",
    "Give a whole number",
    "This cursor is not valid.",
    "Search one of:",
)
CASES = [
    pytest.param(path, name, value, id=f"{path}?{name}={value!r}")
    for path, params in UI_LISTS.items()
    for name, kind in params.items()
    for value in HOSTILE[kind]
]


def _signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.parametrize(("path", "name", "value"), CASES)
def test_a_hostile_value_in_a_ui_list_is_a_4xx_with_a_sentence(
    cast: Cast, path: str, name: str, value: str
) -> None:
    make_conversation(cast.customer, team=cast.support)
    url = path.format(customer=cast.customer.pk)
    response = _signed_in("sam").get(
        url, {name: value, "q": "order"} if name != "q" else {name: value}
    )
    if value.startswith("#"):  # text that merely looks like a number finds nothing
        assert response.status_code == 200
        return
    assert 400 <= response.status_code < 500, response.content[:300]
    body = response.content.decode()
    assert any(message in body for message in MESSAGES), body[:300]


def test_the_refusal_is_in_the_agents_language(cast: Cast) -> None:
    Agent.objects.filter(pk=cast.sam.pk).update(ui_language="fa")
    english = _signed_in("alice").get("/customers/", {"cursor": "abc"})
    persian = _signed_in("sam").get("/customers/", {"cursor": "abc"})
    assert english.status_code == persian.status_code == 400
    assert "This cursor is not valid." in english.content.decode()
    assert "This cursor is not valid." not in persian.content.decode()
    assert 'dir="rtl"' in persian.content.decode()


# The API: the 500s of the probe, each now a 422 with the JSON error shape


def _assert_refused(response: Any) -> None:
    assert response.status_code == 422, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/conversations", {"status": NUL}),
        ("/conversations", {"tag": NUL}),
        ("/conversations", {"team_id": HUGE}),
        ("/conversations", {"assignee_id": HUGE}),
        ("/conversations", {"customer_id": HUGE}),
        ("/conversations", {"cursor": "abc"}),
        ("/conversations", {"limit": "0"}),
        ("/customers", {"q": NUL}),
        ("/customers", {"tier": "bogus"}),
        ("/search", {"q": NUL}),
        (f"/conversations/{HUGE}", {}),
        (f"/sla/calendars/{HUGE}/export", {}),
    ],
)
def test_hostile_query_values_in_the_api_are_422(
    cast: Cast, path: str, params: dict[str, str]
) -> None:
    _assert_refused(ApiClient(cast.alice.user).get(path, **params))


def test_a_huge_id_in_a_path_is_422_not_500(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    _assert_refused(api.delete(f"/customers/{cast.customer.pk}/identities/{HUGE}"))
    _assert_refused(api.delete(f"/customers/{HUGE}/identities/1"))
    assert cast.customer.identities.count() == 1


def test_a_nul_in_a_json_body_is_422_and_stores_nothing(cast: Cast) -> None:
    body = {
        "subject": "a\u0000b",
        "channel": "email",
        "customer": {"name": "Dara"},
        "message": {"body": "hi"},
    }
    _assert_refused(ApiClient(cast.alice.user).post("/conversations", body))
    assert response_field(ApiClient(cast.alice.user).post("/conversations", body)) == "subject"
    assert not Conversation.objects.exists()


def response_field(response: Any) -> str:
    return str(response.json()["field"])


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/conversations/{conversation}", "subject"),
        ("/conversations/{conversation}", "language"),
        ("/customers/{customer}", "timezone"),
        ("/customers/{customer}", "language"),
        ("/customers/{customer}", "notes"),
        ("/teams/{team}", "brand_name"),
        ("/teams/{team}", "brand_logo_url"),
        ("/agents/{agent}", "signature"),
        ("/agents/{agent}", "timezone"),
        ("/organisation", "name"),
    ],
)
def test_null_for_a_required_field_in_a_patch_is_422_and_changes_nothing(
    cast: Cast, path: str, field: str
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    url = path.format(
        conversation=conversation.pk,
        customer=cast.customer.pk,
        team=cast.support.pk,
        agent=cast.alice.pk,
    )
    response = ApiClient(cast.ada.user).patch(url, {field: None})
    _assert_refused(response)
    assert response_field(response) == field
    assert Conversation.objects.get(pk=conversation.pk).updated_at == conversation.updated_at


@pytest.mark.parametrize(
    "path",
    ["/conversations/{conversation}", "/customers/{customer}", "/teams/{team}", "/organisation"],
)
def test_a_json_array_is_not_a_patch(cast: Cast, path: str) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    url = path.format(conversation=conversation.pk, customer=cast.customer.pk, team=cast.support.pk)
    _assert_refused(ApiClient(cast.ada.user).patch(url, []))
    _assert_refused(ApiClient(cast.ada.user).patch(url, ["subject", "x"]))


def test_booleans_are_not_ids(cast: Cast) -> None:
    admin = ApiClient(cast.ada.user)
    _assert_refused(admin.post("/agents", {"username": "erin", "team_ids": [False]}))
    _assert_refused(admin.patch(f"/agents/{cast.alice.pk}", {"team_ids": [True]}))
    _assert_refused(admin.post("/sla/policies", {"name": "VIP", "team_ids": [False]}))
    assert not Agent.objects.filter(user__username="erin").exists()
    assert list(Agent.objects.get(pk=cast.alice.pk).teams.all()) == [cast.support]


@pytest.mark.parametrize(
    "field", ["first_response_minutes", "next_response_minutes", "resolution_minutes"]
)
def test_an_sla_target_of_zero_minutes_is_422(cast: Cast, field: str) -> None:
    _assert_refused(ApiClient(cast.ada.user).post("/sla/policies", {"name": "VIP", field: 0}))
    assert not SlaPolicy.objects.exists()


def test_huge_ids_in_the_inbox_and_its_export_are_400_not_an_empty_200(cast: Cast) -> None:
    client = _signed_in("alice")
    assert client.get("/inbox/", {"team": HUGE}).status_code == 400
    assert client.get("/inbox/export.csv", {"team": HUGE}).status_code == 400
    assert client.post("/inbox/bulk", {"ids": [HUGE], "action": "spam"}).status_code == 400
    assert Team.objects.count() == 2
    assert Customer.objects.count() == 1
