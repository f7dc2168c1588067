import pytest

from hamdel.test import ApiClient, Cast, make_conversation
from hamdel.tickets.actions import add_note

pytestmark = pytest.mark.django_db


def test_the_api_finds_a_note_by_type_with_its_conversation(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    note = add_note(conversation, "Waiting on the courier's claim form", cast.alice.user)
    hits = ApiClient(cast.alice.user).get("/search", q="claim", type="note").json()
    assert [(h["type"], h["id"], h["conversation_id"]) for h in hits] == [
        ("note", note.pk, conversation.pk)
    ]
    assert "<mark>claim</mark>" in hits[0]["snippet"]


def test_the_api_never_shows_another_teams_note(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.billing)
    add_note(conversation, "Chargeback suspected, do not refund", cast.bob.user)
    api = ApiClient(cast.alice.user)
    assert api.get("/search", q="chargeback", type="note").json() == []
    assert api.get("/search", q="chargeback").json() == []
    assert len(ApiClient(cast.bob.user).get("/search", q="chargeback", type="note").json()) == 1
