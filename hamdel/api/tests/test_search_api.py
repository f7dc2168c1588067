import pytest

from hamdel.test import ApiClient, Cast, make_conversation

pytestmark = pytest.mark.django_db


def test_search_finds_persian_text_typed_with_arabic_letters(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support, body="کیف پولم کار نمی‌کند")
    hits = ApiClient(cast.alice.user).get("/search", q="كيف نمي كند").json()
    assert conversation.pk in {hit["conversation_id"] for hit in hits}
    assert all({"type", "id", "conversation_id", "score", "snippet"} <= hit.keys() for hit in hits)


def test_search_hides_what_the_agent_may_not_open(cast: Cast) -> None:
    make_conversation(cast.customer, team=cast.billing, body="refund for the broken kettle")
    assert ApiClient(cast.alice.user).get("/search", q="kettle", type="message").json() == []
    hits = ApiClient(cast.bob.user).get("/search", q="kettle", type="message").json()
    assert len(hits) == 1
    assert "<mark>" in hits[0]["snippet"]


def test_search_finds_a_conversation_by_its_number(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    hits = ApiClient(cast.alice.user).get("/search", q=f"#{conversation.number}").json()
    assert (conversation.pk, "conversation") in {(h["conversation_id"], h["type"]) for h in hits}


def test_search_refuses_an_unknown_type_or_an_empty_query(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    assert api.get("/search", q="x", type="invoice").json()["field"] == "type"
    assert api.get("/search", q="").status_code == 422
