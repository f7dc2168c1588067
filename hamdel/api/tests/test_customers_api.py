import pytest

from hamdel.test import ApiClient, Cast, make_conversation

pytestmark = pytest.mark.django_db


def test_customers_are_created_with_identities_and_listed(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    response = api.post(
        "/customers",
        {
            "name": "Ayşe Demir",
            "language": "tr",
            "emails": ["Ayse@Example.com.tr"],
            "phones": ["+90 532 123 45 67"],
            "handles": [{"kind": "telegram", "value": "@ayse"}],
        },
    )
    assert response.status_code == 201, response.content
    values = sorted(identity["value"] for identity in response.json()["identities"])
    assert values == ["+905321234567", "ayse", "ayse@example.com.tr"]
    found = api.get("/customers", q="ayse@example").json()["items"]
    assert [customer["name"] for customer in found] == ["Ayşe Demir"]


def test_merging_customers_through_the_api_is_for_supervisors_and_reversible(cast: Cast) -> None:
    other = ApiClient(cast.sam.user).post("/customers", {"name": "C. Farahani"}).json()
    conversation = make_conversation(cast.customer)
    assert (
        ApiClient(cast.alice.user)
        .post(f"/customers/{cast.customer.pk}/merge", {"target_id": other["id"]})
        .status_code
        == 403
    )
    api = ApiClient(cast.sam.user)
    assert (
        api.post(f"/customers/{cast.customer.pk}/merge", {"target_id": other["id"]}).status_code
        == 200
    )
    conversation.refresh_from_db()
    assert conversation.customer_id == other["id"]
    undone = api.post(f"/customers/{cast.customer.pk}/unmerge")
    assert undone.status_code == 200
    assert undone.json()["merged_into_id"] is None
    conversation.refresh_from_db()
    assert conversation.customer_id == cast.customer.pk


def test_patching_a_customer_changes_only_what_was_sent(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    body = api.patch(f"/customers/{cast.customer.pk}", {"tier": "gold"}).json()
    assert body["tier"] == "gold"
    assert body["name"] == cast.customer.name
    bad = api.patch(f"/customers/{cast.customer.pk}", {"tier": "diamond"})
    assert bad.status_code == 422
    assert bad.json()["field"] == "tier"


def test_only_admins_change_the_organisation_and_bad_values_are_refused(cast: Cast) -> None:
    assert ApiClient(cast.alice.user).get("/organisation").json()["phone_region"] == "IR"
    assert (
        ApiClient(cast.sam.user).patch("/organisation", {"phone_region": "TR"}).status_code == 403
    )
    api = ApiClient(cast.ada.user)
    assert api.patch(
        "/organisation", {"phone_region": "TR", "redaction_enabled": False}
    ).json() == {
        **api.get("/organisation").json(),
        "phone_region": "TR",
        "redaction_enabled": False,
    }
    bad = api.patch("/organisation", {"default_language": "xx"})
    assert bad.status_code == 422
    assert bad.json()["field"] == "default_language"


def test_tags_in_use_are_listed_for_autocompletion(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    conversation = make_conversation(cast.customer, team=cast.support)
    api.put(f"/conversations/{conversation.pk}/tags", {"tags": ["Late", "damaged"]})
    assert api.get("/tags").json() == ["damaged", "late"]
