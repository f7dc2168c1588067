"""Nothing an agent cannot open is confirmed, counted or described to them: not by
search, notifications or the tag list."""

import pytest
from django.test import Client

from hamdel.live.models import Notification
from hamdel.test import PASSWORD, ApiClient, Cast, make_conversation, make_customer
from hamdel.tickets.actions import add_note, set_tags

pytestmark = pytest.mark.django_db


def test_searching_another_teams_number_finds_what_a_missing_number_finds(cast: Cast) -> None:
    hidden_customer = make_customer("Parisa Hidden")
    hidden = make_conversation(hidden_customer, team=cast.billing, subject="Invoice")
    api = ApiClient(cast.alice.user)
    for query in (f"#{hidden.number}", str(hidden.number)):
        assert api.get("/search", q=query).json() == []
        assert api.get("/search", q=query, type="customer").json() == []
    assert api.get("/search", q="#999999").json() == []
    bob_hits = ApiClient(cast.bob.user).get("/search", q=f"#{hidden.number}").json()
    assert {hit["type"] for hit in bob_hits} == {"conversation", "customer"}


def test_a_customer_is_still_found_by_the_number_of_a_conversation_one_may_open(
    cast: Cast,
) -> None:
    mine = make_conversation(make_customer("Reza Visible"), team=cast.support)
    hits = ApiClient(cast.alice.user).get("/search", q=f"#{mine.number}").json()
    assert {hit["type"] for hit in hits} == {"conversation", "customer"}


def test_the_search_page_does_not_show_another_teams_numbers_customer(cast: Cast) -> None:
    hidden = make_conversation(make_customer("Parisa Hidden"), team=cast.billing)
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    page = client.get("/search/", {"q": f"#{hidden.number}"}).content.decode()
    assert "Parisa Hidden" not in page


def test_a_mention_in_another_teams_note_notifies_nobody_who_cannot_open_it(cast: Cast) -> None:
    billing = make_conversation(cast.customer, team=cast.billing, subject="Secret merger")
    add_note(billing, "@alice have a look", cast.bob.user)
    assert not Notification.objects.filter(recipient=cast.alice.user).exists()
    support = make_conversation(cast.customer, team=cast.support)
    add_note(support, "@alice have a look", cast.sam.user)
    assert Notification.objects.filter(recipient=cast.alice.user).count() == 1


def test_the_tag_lists_show_only_tags_used_where_the_agent_may_look(cast: Cast) -> None:
    set_tags(make_conversation(cast.customer, team=cast.billing), ["acquisition"], None)
    set_tags(make_conversation(cast.customer, team=cast.support), ["late"], None)
    assert ApiClient(cast.alice.user).get("/tags").json() == ["late"]
    assert ApiClient(cast.sam.user).get("/tags").json() == ["acquisition", "late"]
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    assert client.get("/inbox/").context["options"]["tags"] == ["late"]
