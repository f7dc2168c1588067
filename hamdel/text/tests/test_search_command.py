import json
from io import StringIO

import pytest
from django.core.management import call_command

from hamdel.test import make_conversation
from hamdel.tickets.indexing import index_conversation, index_message

pytestmark = pytest.mark.django_db


def _indexed_conversation(body: str) -> tuple[int, int]:
    conversation = make_conversation(body=body)
    message = conversation.messages.get()
    index_conversation(conversation.pk)
    index_message(message.pk)
    return conversation.pk, message.pk


def test_search_prints_hits_as_json_with_the_agreed_fields() -> None:
    conversation_id, message_id = _indexed_conversation("Возврат денег за заказ")
    out = StringIO()
    call_command("search", "возврат", "--json", stdout=out)
    hits = json.loads(out.getvalue())
    assert [set(hit) for hit in hits] == [{"type", "id", "conversation_id", "score", "snippet"}]
    assert hits[0]["type"] == "message"
    assert hits[0]["id"] == message_id
    assert hits[0]["conversation_id"] == conversation_id
    assert hits[0]["snippet"] == "<mark>Возврат</mark> денег за заказ"


def test_search_prints_one_line_per_hit_for_people() -> None:
    _indexed_conversation("Where is my <parcel>?")
    out = StringIO()
    call_command("search", "parcel", stdout=out)
    assert "message" in out.getvalue()
    assert "Where is my <‹parcel›>?" in out.getvalue()


def test_search_without_hits_says_so() -> None:
    out = StringIO()
    call_command("search", "nothing-here", stdout=out)
    assert out.getvalue().strip() == "No hits."
