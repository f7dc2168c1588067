"""One search over messages, internal notes, conversations and customers, on SQLite
FTS5 or PostgreSQL.

Both databases match the same Python-normalised tokens (hamdel.text.normalise), so a
query finds the same things on either. Permissions are part of the SQL, applied before
ranking and the limit: a page of hits never counts what the agent may not open.
"""

import html
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from hamdel.lib.registry import load, search_kinds
from hamdel.text.normalise import query_terms, tokens

CUSTOMER: Final = "customer"  # the one stand-alone kind scoped by visible_customers
DEFAULT_LIMIT: Final = 20
MAX_LIMIT: Final = 200
SNIPPET_CHARS: Final = 200  # around the first match, before adding "…"
# Only this much of a long message is scanned for the snippet's matches; the hit
# itself is found by the index over the whole text.
SNIPPET_SCAN_CHARS: Final = 20_000


@dataclass(frozen=True)
class Hit:
    type: str  # a declared search kind: "message", "note", "conversation", "customer", ...
    id: int
    conversation_id: int | None  # None for customers
    score: float  # higher is better; comparable within one search only
    snippet: str  # HTML-escaped original text, matches wrapped in <mark></mark>


def all_kinds() -> tuple[str, ...]:
    """Every declared search entry kind (hamdel.lib.registry), in declaration order."""
    return tuple(search_kinds())


def _subquery(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    try:
        sql, params = queryset.values("pk").query.sql_with_params()
    except EmptyResultSet:  # e.g. .none() or pk__in=[]: Django refuses to write the SQL
        return "SELECT CAST(NULL AS BIGINT) WHERE 1 = 0", ()
    return sql, tuple(params)


def _permission_sql(
    visible_conversations: QuerySet[Any] | None, visible_customers: QuerySet[Any] | None
) -> tuple[str, tuple[Any, ...]]:
    """WHERE clause: entries of a conversation kind (messages, notes, conversations, ...)
    of visible conversations; customer entries of visible customers; entries of other
    stand-alone kinds for everyone."""
    declared = search_kinds()
    in_conversation = tuple(kind for kind, entry in declared.items() if entry.in_conversation)
    standalone = tuple(
        kind for kind, entry in declared.items() if not entry.in_conversation and kind != CUSTOMER
    )
    parts: list[str] = []
    params: list[Any] = []

    def kind_in(kinds: Sequence[str]) -> str:
        params.extend(kinds)
        return f"e.kind IN ({', '.join(['%s'] * len(kinds))})"

    if in_conversation:
        part = kind_in(in_conversation)
        if visible_conversations is not None:
            sql, sub_params = _subquery(visible_conversations)
            part = f"({part} AND e.conversation_id IN ({sql}))"
            params.extend(sub_params)
        parts.append(part)
    part = kind_in((CUSTOMER,))
    if visible_customers is not None:
        sql, sub_params = _subquery(visible_customers)
        part = f"({part} AND e.object_id IN ({sql}))"
        params.extend(sub_params)
    parts.append(part)
    if standalone:
        parts.append(kind_in(standalone))
    return f"({' OR '.join(parts)})", tuple(params)


def _fts5_query(terms: Sequence[tuple[str, ...]], joiner: str = " AND ") -> str:
    # Tokens are letters and digits only (normalise._WORD), so quoting cannot break out.
    return joiner.join("(" + " OR ".join(f'"{alt}"' for alt in term) + ")" for term in terms)


def _tsquery(terms: Sequence[tuple[str, ...]], joiner: str = " & ") -> str:
    return joiner.join("(" + " | ".join(f"'{alt}'" for alt in term) + ")" for term in terms)


def _ranked_rows(
    terms: Sequence[tuple[str, ...]],
    permission: tuple[str, tuple[Any, ...]],
    kinds: Collection[str],
    limit: int,
    any_term: bool = False,
) -> list[tuple[int, str, int, int | None, float]]:
    where, where_params = permission
    kind_marks = ", ".join(["%s"] * len(kinds))
    if connection.vendor == "postgresql":
        # ts_rank normalisation 1 divides by 1 + log(length): a long message that
        # mentions the words once does not outrank a short one about them. e.tsv is
        # to_tsvector('simple', tokens), stored and GIN-indexed (migration 0002), so
        # ranking reads each matching row's vector instead of parsing its tokens again.
        sql = f"""
            SELECT e.id, e.kind, e.object_id, e.conversation_id,
                   ts_rank(e.tsv, to_tsquery('simple', %s), 1) AS score
            FROM text_searchentry e
            WHERE e.tsv @@ to_tsquery('simple', %s)
              AND e.kind IN ({kind_marks}) AND {where}
            ORDER BY score DESC, e.created_at DESC, e.id DESC
            LIMIT %s"""  # noqa: S608 - only placeholders and our own SQL are interpolated
        query = _tsquery(terms, " | " if any_term else " & ")
        params: tuple[Any, ...] = (query, query, *kinds, *where_params, limit)
    else:
        # bm25() is lower for better matches; negated so higher is better everywhere.
        sql = f"""
            SELECT e.id, e.kind, e.object_id, e.conversation_id,
                   -bm25(text_searchentry_fts) AS score
            FROM text_searchentry_fts
            JOIN text_searchentry e ON e.id = text_searchentry_fts.rowid
            WHERE text_searchentry_fts MATCH %s
              AND e.kind IN ({kind_marks}) AND {where}
            ORDER BY score DESC, e.created_at DESC, e.id DESC
            LIMIT %s"""  # noqa: S608 - only placeholders and our own SQL are interpolated
        params = (_fts5_query(terms, " OR " if any_term else " AND "), *kinds, *where_params, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], row[1], row[2], row[3], float(row[4])) for row in cursor.fetchall()]


def search(
    visible_conversations: QuerySet[Any] | None,
    query: str,
    limit: int = DEFAULT_LIMIT,
    *,
    visible_customers: QuerySet[Any] | None = None,
    kinds: Collection[str] | None = None,
    language: str | None = None,
    any_term: bool = False,
    snippets: bool = True,
) -> list[Hit]:
    """The best hits for `query` among what the caller may see, best first.

    `visible_conversations` is a queryset of the conversations the user may open (its
    primary keys are used as a subquery, e.g. tickets' visible_conversations(user)),
    or None for someone who sees everything. `visible_customers` likewise for
    customers; None (the default) means every customer. `language` is the searcher's
    language if known; without it Latin words are stemmed as Turkish and English both.
    Ties in relevance go to the more recent entry. `any_term=True` finds entries that
    match any word of the query, those matching more ranked first (suggestions for a
    whole message rather than a typed query). `snippets=False` leaves every snippet
    empty: for callers that filter the hits further and mark only those they show
    (`snippet()` with the same `query_terms`).
    """
    terms = query_terms(query, language)
    wanted = [kind for kind in all_kinds() if kinds is None or kind in kinds]
    if not terms or not wanted:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    rows = _ranked_rows(
        terms, _permission_sql(visible_conversations, visible_customers), wanted, limit, any_term
    )
    originals = _original_texts(rows) if snippets else {}
    return [
        Hit(
            type=kind,
            id=object_id,
            conversation_id=conversation_id,
            score=score,
            snippet=snippet(originals.get((kind, object_id), ""), terms, language)
            if snippets
            else "",
        )
        for _entry_id, kind, object_id, conversation_id, score in rows
    ]


def _original_texts(
    rows: Sequence[tuple[int, str, int, int | None, float]],
) -> dict[tuple[str, int], str]:
    """The text each hit is shown with, read by the app that declared its kind (the
    stored message, the note as indexed, the subject, the customer card, ...)."""
    wanted: dict[str, list[int]] = {}
    for _entry_id, kind, object_id, _conversation_id, _score in rows:
        wanted.setdefault(kind, []).append(object_id)
    declared = search_kinds()
    texts: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        if kind not in declared:  # entries of an app no longer installed: no snippet
            continue
        originals: Callable[[list[int]], dict[int, str]] = load(declared[kind].originals)
        for object_id, text in originals(ids).items():
            texts[(kind, object_id)] = text
    return texts


# Words and numbers of the original text, in any digit script, as normalise reads them.
_ORIGINAL_WORD = re.compile(
    r"\d+(?:[ \-./,\u2010-\u2013\u2212]\d+)*|[^\W\d_]+(?:\d+[^\W\d_]*)*|\d+"
)


def snippet(original: str, terms: Sequence[tuple[str, ...]], language: str | None = None) -> str:
    """A short, HTML-escaped window of the original text, query matches in <mark>.

    The original is shown, never the normalised or stemmed form: a word is marked when
    its own tokens meet one of the query's alternatives.
    """
    wanted = {alt for term in terms for alt in term}
    scanned = original[:SNIPPET_SCAN_CHARS]
    spans: list[tuple[int, int]] = []
    marked: dict[str, bool] = {}  # a word seen before is not normalised again
    for match in _ORIGINAL_WORD.finditer(scanned):
        if spans and match.start() > spans[0][0] + SNIPPET_CHARS:
            break  # past the window the first match opens: nothing more is shown
        word = match.group()
        if word not in marked:
            marked[word] = bool(wanted.intersection(tokens(word, language)))
        if marked[word]:
            spans.append(match.span())
    start = 0
    if spans and spans[0][0] > SNIPPET_CHARS // 3:
        # Open a little before the first match, at a word boundary.
        start = scanned.rfind(" ", 0, spans[0][0] - SNIPPET_CHARS // 3) + 1
    end = min(len(original), start + SNIPPET_CHARS)
    if end < len(original):
        end = max(original.rfind(" ", start, end), start + SNIPPET_CHARS // 2)
    pieces = ["…" if start else ""]
    position = start
    for span_start, span_end in spans:
        if span_start < position or span_end > end:
            continue
        pieces.append(html.escape(original[position:span_start]))
        pieces.append(f"<mark>{html.escape(original[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(html.escape(original[position:end]))
    if end < len(original):
        pieces.append("…")
    return " ".join("".join(pieces).split())
