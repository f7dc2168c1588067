"""The shared query/document table, at the level of tokens (no database).

test_search.py runs the same table through the database search on SQLite and
PostgreSQL.
"""

from collections import Counter

import pytest

from hamdel.text.normalise import matches, query_terms, tokens
from hamdel.text.tests.pairs import PAIRS, Pair


def test_table_is_large_and_balanced_across_languages() -> None:
    assert len(PAIRS) >= 80
    per_language = Counter(pair.language for pair in PAIRS)
    assert all(per_language[code] >= 12 for code in ("fa", "tr", "ru", "en"))
    assert sum(not pair.should_match for pair in PAIRS) * 2 >= len(PAIRS)
    assert len({pair.id for pair in PAIRS}) == len(PAIRS)
    assert any(len(pair.document) > 400 for pair in PAIRS if pair.language == "fa")


@pytest.mark.parametrize("pair", PAIRS, ids=lambda pair: pair.id)
def test_query_matches_document_tokens_exactly_when_it_should(pair: Pair) -> None:
    document_tokens = tokens(pair.document, pair.language)
    assert matches(query_terms(pair.query), document_tokens) is pair.should_match
