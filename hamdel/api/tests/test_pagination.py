from typing import Any

import pytest

from hamdel.test import ApiClient, Cast, make_conversation, make_customer

pytestmark = pytest.mark.django_db


def _ids(page: dict[str, Any]) -> list[int]:
    return [item["id"] for item in page["items"]]


def test_pages_are_stable_when_rows_are_inserted_between_them(cast: Cast) -> None:
    conversations = [make_conversation(cast.customer) for _ in range(7)]
    api = ApiClient(cast.sam.user)
    first = api.get("/conversations", sort="-created_at", limit=3).json()
    for _ in range(4):  # newer rows arrive while the agent reads page one
        make_conversation(cast.customer)
    second = api.get(
        "/conversations", sort="-created_at", limit=3, cursor=first["next_cursor"]
    ).json()
    third = api.get(
        "/conversations", sort="-created_at", limit=3, cursor=second["next_cursor"]
    ).json()
    newest_first = [c.pk for c in reversed(conversations)]
    assert _ids(first) + _ids(second) + _ids(third) == newest_first
    assert third["next_cursor"] is None


def test_ascending_pages_walk_every_row_once(cast: Cast) -> None:
    conversations = [make_conversation(cast.customer) for _ in range(5)]
    api = ApiClient(cast.sam.user)
    seen: list[int] = []
    cursor = None
    while True:
        params = {"sort": "number", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = api.get("/conversations", **params).json()
        seen += _ids(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [c.pk for c in conversations]


def test_a_cursor_from_another_list_is_refused(cast: Cast) -> None:
    for number in range(3):
        make_customer(f"Customer {number}")
    api = ApiClient(cast.sam.user)
    customer_cursor = api.get("/customers", limit=1).json()["next_cursor"]
    response = api.get("/conversations", cursor=customer_cursor)
    assert response.status_code == 422
    assert response.json()["field"] == "cursor"


def test_a_cursor_from_another_sort_order_or_a_forged_one_is_refused(cast: Cast) -> None:
    for _ in range(3):
        make_conversation(cast.customer)
    api = ApiClient(cast.sam.user)
    cursor = api.get("/conversations", sort="number", limit=1).json()["next_cursor"]
    assert api.get("/conversations", sort="-number", cursor=cursor).status_code == 422
    assert api.get("/conversations", sort="number", cursor=cursor[:-3] + "abc").status_code == 422


def test_an_unknown_sort_or_a_huge_limit_is_refused(cast: Cast) -> None:
    api = ApiClient(cast.sam.user)
    assert api.get("/conversations", sort="secret_field").json()["field"] == "sort"
    assert api.get("/conversations", limit=5000).json()["field"] == "limit"
