import pytest
from django.test import Client

from hamdel.people.actions import add_identity
from hamdel.people.models import IdentityKind
from hamdel.test import PASSWORD, Cast, make_conversation

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_search_page_finds_messages_with_the_matches_marked(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support, body="My kettle leaks")
    response = signed_in("alice").get("/search/", {"q": "kettle"})
    hits = response.context["hits"]
    assert [hit.conversation_id for hit in hits if hit.type == "message"] == [conversation.pk]
    assert b"<mark>kettle</mark>" in response.content
    assert f'href="/conversations/{conversation.pk}/"'.encode() in response.content


def test_search_never_shows_another_teams_conversations(cast: Cast) -> None:
    make_conversation(cast.customer, team=cast.billing, body="My kettle leaks")
    response = signed_in("alice").get("/search/", {"q": "kettle", "type": "message"})
    assert response.context["hits"] == []
    assert b"Nothing found" in response.content


def test_a_customer_is_found_by_a_phone_number_typed_in_persian_digits(cast: Cast) -> None:
    add_identity(cast.customer, IdentityKind.PHONE, "0912 345 6789", None)
    response = signed_in("alice").get("/search/", {"q": "۰۹۱۲۳۴۵۶۷۸۹", "type": "customer"})
    assert [hit.id for hit in response.context["hits"]] == [cast.customer.pk]


def test_hostile_text_in_a_result_is_shown_escaped(cast: Cast) -> None:
    make_conversation(cast.customer, team=cast.support, body="kettle <script>alert(1)</script>")
    response = signed_in("alice").get("/search/", {"q": "kettle"})
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_an_unknown_type_is_a_400_and_an_empty_query_explains_the_box(cast: Cast) -> None:
    make_conversation(cast.customer, team=cast.support, body="My kettle leaks")
    client = signed_in("alice")
    assert client.get("/search/", {"q": "kettle", "type": "invoice"}).status_code == 400
    assert client.get("/search/", {"q": "kettle"}).context["hits"]
    empty = client.get("/search/")
    assert empty.context["hits"] == []
    assert b"#1042" in empty.content
