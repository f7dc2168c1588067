import pytest

from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import add_note
from hamdel.workspace.tests.test_search_views import signed_in

pytestmark = pytest.mark.django_db


def test_the_search_page_lists_a_note_with_a_link_to_its_conversation(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    add_note(conversation, "Customer prefers a call after five", cast.alice.user)
    response = signed_in("alice").get("/search/", {"q": "prefers", "type": "note"})
    assert [(hit.type, hit.conversation_id) for hit in response.context["hits"]] == [
        ("note", conversation.pk)
    ]
    assert b"<mark>prefers</mark>" in response.content
    assert f'href="/conversations/{conversation.pk}/"'.encode() in response.content
    assert b'<option value="note" selected>Internal notes</option>' in response.content


def test_the_search_page_never_shows_another_teams_note(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.billing)
    add_note(conversation, "Chargeback suspected, do not refund", cast.bob.user)
    for kind in ("note", ""):
        response = signed_in("alice").get("/search/", {"q": "chargeback", "type": kind})
        assert response.context["hits"] == []
        assert b"do not refund" not in response.content
    response = signed_in("bob").get("/search/", {"q": "chargeback", "type": "note"})
    assert [hit.type for hit in response.context["hits"]] == ["note"]
