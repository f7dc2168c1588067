from io import StringIO

import pytest
from django.core.management import call_command

from hamdel.test import make_conversation, make_customer
from hamdel.text.models import EntryKind, SearchEntry
from hamdel.text.queries import search

pytestmark = pytest.mark.django_db


def test_reindex_builds_every_kind_of_entry_and_reports_progress() -> None:
    conversation = make_conversation(make_customer("Parisa Ahmadi"), body="Tracking code please")
    SearchEntry.objects.all().delete()
    out = StringIO()
    call_command("reindex", stdout=out)
    assert "messages" in out.getvalue()
    assert "100%" in out.getvalue()
    assert "Search index rebuilt." in out.getvalue()
    assert {hit.type for hit in search(None, "parisa")} == {"customer"}
    assert {hit.conversation_id for hit in search(None, "tracking")} == {conversation.pk}
    assert search(None, f"#{conversation.number}", kinds=[EntryKind.CONVERSATION])


def test_reindex_twice_keeps_one_entry_per_row_and_drops_stale_ones() -> None:
    make_conversation(body="hello")
    SearchEntry.objects.create(
        kind=EntryKind.MESSAGE, object_id=999_999, conversation_id=1, created_at="2025-01-01T00:00Z"
    )
    call_command("reindex", stdout=StringIO())
    call_command("reindex", "--only", "message", stdout=StringIO())
    assert SearchEntry.objects.filter(kind=EntryKind.MESSAGE).count() == 1
    assert SearchEntry.objects.filter(kind=EntryKind.CUSTOMER).count() == 1
