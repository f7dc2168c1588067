"""The shared query/document table through the real database search (SQLite or PG)."""

from datetime import UTC, datetime

import pytest

from hamdel.text.models import EntryKind, SearchEntry
from hamdel.text.normalise import index_text
from hamdel.text.queries import search
from hamdel.text.tests.pairs import PAIRS, Pair

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pair", PAIRS, ids=lambda pair: pair.id)
def test_database_search_finds_document_exactly_when_it_should(pair: Pair) -> None:
    SearchEntry.objects.create(
        kind=EntryKind.MESSAGE,
        object_id=1,
        conversation_id=1,
        created_at=datetime(2025, 1, 1, tzinfo=UTC),
        tokens=index_text(pair.document, pair.language),
    )
    hits = search(None, pair.query, limit=5)
    assert bool(hits) is pair.should_match
