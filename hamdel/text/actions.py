"""The text app's one entry point for every inbound or outbound message.

`hamdel.tickets.actions.add_message` calls `prepare_message` before it saves a message,
whatever the channel, and stores what comes back; channels never redact, detect or
normalise on their own.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import phonenumbers
from django.db import transaction
from django.db.models import QuerySet

from hamdel.text.detect import detect_language
from hamdel.text.markup import text_of_html
from hamdel.text.models import EntryKind, SearchEntry
from hamdel.text.normalise import index_text, normalise
from hamdel.text.redact import redact, redact_html


@dataclass(frozen=True)
class PreparedText:
    text: str  # plain body to store: redacted; derived from the HTML if none was given
    html: str  # HTML body to store: text nodes redacted, markup untouched
    language: str | None  # ISO 639-1 code among the served languages, else the hint
    redactions: int  # card numbers and IBANs masked (the larger of text and HTML counts)
    normalised: str  # normalise(text): the canonical form the search index is built from


def prepare_message(
    body_text: str, body_html: str, language_hint: str | None, redaction_enabled: bool
) -> PreparedText:
    """Redact, detect the language of and normalise one message body.

    `language_hint` is the customer's language, used when the text is too short or too
    mixed to tell. `redaction_enabled` is the organisation's setting (on by default).
    Pure: no database access, so it can run before the transaction that saves the
    message opens.
    """
    text, html, redactions = body_text, body_html, 0
    if redaction_enabled:
        text_result = redact(body_text)
        html_result = redact_html(body_html)
        text, html = text_result.text, html_result.text
        # Text and HTML are usually two renderings of the same words: count once.
        redactions = max(text_result.count, html_result.count)
    if not text.strip() and html.strip():
        text = text_of_html(html)
    language = detect_language(text, language_hint)
    return PreparedText(
        text=text,
        html=html,
        language=language,
        redactions=redactions,
        normalised=normalise(text, language),
    )


# ----- the search index -------------------------------------------------------------
# The text app sits below tickets and people: they read their own rows and hand them here
# as the typed rows below; text builds and writes the entries and never reads their
# tables. Each write is safe to call twice and is meant to run inside the caller's
# transaction, so a message and its index entry are committed (or rolled back) together.

# Rows per batch when many entries are (re)built at once: large enough to amortise a
# round trip, small enough to keep one batch's tokens well under a few megabytes.
BATCH_SIZE: Final = 500


@dataclass(frozen=True)
class MessageRow:
    id: int
    conversation_id: int
    created_at: datetime
    body_text: str  # as stored: already redacted
    language: str | None


@dataclass(frozen=True)
class NoteRow:
    id: int
    conversation_id: int
    created_at: datetime
    body: str  # as written: redacted here, for the index only


@dataclass(frozen=True)
class ConversationRow:
    id: int
    number: int
    subject: str
    language: str | None
    created_at: datetime


@dataclass(frozen=True)
class CustomerRow:
    id: int
    name: str
    language: str | None
    created_at: datetime
    identities: Sequence[tuple[str, str, str]]  # (kind, value, display), every one of them
    numbers: Sequence[int]  # the numbers of every conversation of the customer


def message_entry(row: MessageRow) -> SearchEntry:
    """The unsaved entry of a message, built from its stored (redacted) text."""
    return SearchEntry(
        kind=EntryKind.MESSAGE,
        object_id=row.id,
        conversation_id=row.conversation_id,
        created_at=row.created_at,
        tokens=index_text(row.body_text, row.language or None),
    )


def note_text(body: str) -> str:
    """What a note is indexed and shown in search as: its body with card numbers and
    IBANs masked (notes are stored as written, so this is done here, not on save)."""
    return redact(body).text


def note_entry(row: NoteRow) -> SearchEntry:
    """The unsaved entry of an internal note, under the conversation it is in now.

    Notes carry no language of their own; it is detected from the text, as for a
    message with no customer language to fall back on.
    """
    text = note_text(row.body)
    return SearchEntry(
        kind=EntryKind.NOTE,
        object_id=row.id,
        conversation_id=row.conversation_id,
        created_at=row.created_at,
        tokens=index_text(text, detect_language(text, None)),
    )


def conversation_entry_text(number: int, subject: str, language: str | None) -> str:
    return index_text(f"#{number} {subject}", language)


def conversation_entry(row: ConversationRow) -> SearchEntry:
    return SearchEntry(
        kind=EntryKind.CONVERSATION,
        object_id=row.id,
        conversation_id=row.id,
        created_at=row.created_at,
        tokens=conversation_entry_text(row.number, row.subject, row.language or None),
    )


def phone_variants(e164: str) -> list[str]:
    """Digit strings a person may type for one phone number, and its trailing digits.

    +989123456789 is typed 09123456789, 9123456789, 989123456789 or 00989123456789, and
    looked up by its last four to seven digits ("the one ending 6789").
    """
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return []
    national = phonenumbers.national_significant_number(number)
    dialled = "".join(
        char
        for char in phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        if char.isdigit()
    )
    country = str(number.country_code)
    variants = [national, dialled, country + national, "00" + country + national]
    variants += [national[-length:] for length in range(4, len(national))]
    return list(dict.fromkeys(variants))


def customer_entry_text(
    name: str,
    identities: Iterable[tuple[str, str, str]],
    numbers: Iterable[int],
    language: str | None,
) -> str:
    """Tokens for a customer: name, every identity as stored and as written, and the
    numbers of their conversations (so #1042 finds its customer)."""
    words = [name]
    for kind, value, display in identities:
        words += [value, display]
        if kind == "phone":
            words += phone_variants(value)
    words += [str(number) for number in numbers]
    return index_text(" \n".join(word for word in words if word), language)


def customer_entry(row: CustomerRow) -> SearchEntry:
    """The unsaved entry of a customer who is not merged away."""
    return SearchEntry(
        kind=EntryKind.CUSTOMER,
        object_id=row.id,
        conversation_id=None,
        created_at=row.created_at,
        tokens=customer_entry_text(row.name, row.identities, row.numbers, row.language or None),
    )


def write_entries(entries: list[SearchEntry]) -> None:
    """Insert or replace entries in one statement (INSERT ... ON CONFLICT DO UPDATE).

    One round trip instead of update_or_create's select, savepoint and write; the
    SQLite FTS5 triggers and PostgreSQL's stored vector follow the row either way.
    """
    if entries:
        SearchEntry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=["conversation_id", "created_at", "tokens"],
        )


def replace_entries(kind: str, object_ids: Iterable[int], entries: list[SearchEntry]) -> None:
    """Write `entries` of one kind; the ids among `object_ids` with no entry leave the index
    (their rows are gone, or a customer was merged away)."""
    found = {entry.object_id for entry in entries}
    missing = [pk for pk in object_ids if pk not in found]
    if missing:
        unindex(kind, missing)
    write_entries(entries)


def rebuild_entries(kind: str, object_ids: list[int], entries: list[SearchEntry]) -> None:
    """Replace a whole batch's entries with one DELETE and one multi-row INSERT, in its own
    transaction: for rebuilds, where many batches are committed one by one."""
    with transaction.atomic():
        SearchEntry.objects.filter(kind=kind, object_id__in=object_ids).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=len(entries) or 1)


def remove_stale_entries(kind: str, existing_ids: QuerySet[Any]) -> int:
    """Drop the entries of one kind whose row is not among `existing_ids` (a values("pk")
    queryset of the caller's table); returns how many went."""
    stale = SearchEntry.objects.filter(kind=kind).exclude(object_id__in=existing_ids)
    removed, _by_model = stale.delete()
    return removed


def unindex(kind: str, object_ids: Iterable[int]) -> None:
    """Remove entries, e.g. for rows deleted by a data-retention job."""
    SearchEntry.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()
