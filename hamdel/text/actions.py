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
from django.apps import apps
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
# The text app sits below tickets and people, so it reads their rows through the app
# registry by label instead of importing their models. Each function below is safe to
# call twice and is meant to run inside the caller's transaction, so a message and its
# index entry are committed (or rolled back) together.

# Rows per batch when many entries are (re)built at once: large enough to amortise a
# round trip, small enough to keep one batch's tokens well under a few megabytes.
BATCH_SIZE: Final = 500


def _rows(label: str) -> QuerySet[Any]:
    rows: QuerySet[Any] = apps.get_model(label)._default_manager.all()
    return rows


def _write(
    kind: str, object_id: int, conversation_id: int | None, created_at: datetime, text: str
) -> None:
    _upsert(
        [
            SearchEntry(
                kind=kind,
                object_id=object_id,
                conversation_id=conversation_id,
                created_at=created_at,
                tokens=text,
            )
        ]
    )


def _upsert(entries: list[SearchEntry]) -> None:
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


def _unindex(kind: str, object_ids: Iterable[int]) -> None:
    SearchEntry.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()


def message_entries(message_ids: Iterable[int]) -> list[SearchEntry]:
    """Unsaved entries for these messages, built from their stored (redacted) text."""
    rows = (
        _rows("tickets.Message")
        .filter(pk__in=list(message_ids))
        .values_list("pk", "conversation_id", "created_at", "body_text", "language")
    )
    return [
        SearchEntry(
            kind=EntryKind.MESSAGE,
            object_id=pk,
            conversation_id=conversation_id,
            created_at=created_at,
            tokens=index_text(body, language or None),
        )
        for pk, conversation_id, created_at, body, language in rows
    ]


def message_entry(message: Any) -> SearchEntry:
    """The unsaved entry of a message just saved and still in hand (no read); the same
    entry `message_entries` builds from the stored row."""
    return SearchEntry(
        kind=EntryKind.MESSAGE,
        object_id=message.pk,
        conversation_id=message.conversation_id,
        created_at=message.created_at,
        tokens=index_text(message.body_text, message.language or None),
    )


def write_entries(entries: list[SearchEntry]) -> None:
    """Insert or replace the entries of one action in one statement."""
    _upsert(entries)


def index_message(message_id: int) -> None:
    """Index one message; call in add_message's transaction, after the message is saved."""
    index_messages([message_id])


def index_messages(message_ids: Sequence[int]) -> None:
    """Index (or re-index) messages, e.g. after they moved to another conversation."""
    for start in range(0, len(message_ids), BATCH_SIZE):
        batch = message_ids[start : start + BATCH_SIZE]
        entries = message_entries(batch)
        found = {entry.object_id for entry in entries}
        missing = [pk for pk in batch if pk not in found]
        if missing:
            _unindex(EntryKind.MESSAGE, missing)
        _upsert(entries)


def note_text(body: str) -> str:
    """What a note is indexed and shown in search as: its body with card numbers and
    IBANs masked (notes are stored as written, so this is done here, not on save)."""
    return redact(body).text


def note_entries(note_ids: Iterable[int]) -> list[SearchEntry]:
    """Unsaved entries for these internal notes, under the conversation they are in now.

    Notes carry no language of their own; it is detected from the text, as for a
    message with no customer language to fall back on.
    """
    rows = (
        _rows("tickets.Note")
        .filter(pk__in=list(note_ids))
        .values_list("pk", "conversation_id", "created_at", "body")
    )
    entries = []
    for pk, conversation_id, created_at, body in rows:
        text = note_text(body)
        entries.append(
            SearchEntry(
                kind=EntryKind.NOTE,
                object_id=pk,
                conversation_id=conversation_id,
                created_at=created_at,
                tokens=index_text(text, detect_language(text, None)),
            )
        )
    return entries


def index_note(note_id: int) -> None:
    """Index one internal note; call in add_note's transaction, after the note is saved."""
    index_notes([note_id])


def index_notes(note_ids: Sequence[int]) -> None:
    """Index (or re-index) notes, e.g. after they moved to another conversation."""
    for start in range(0, len(note_ids), BATCH_SIZE):
        batch = note_ids[start : start + BATCH_SIZE]
        entries = note_entries(batch)
        found = {entry.object_id for entry in entries}
        missing = [pk for pk in batch if pk not in found]
        if missing:
            _unindex(EntryKind.NOTE, missing)
        _upsert(entries)


def conversation_entry_text(number: int, subject: str, language: str | None) -> str:
    return index_text(f"#{number} {subject}", language)


def conversation_entry(conversation: Any) -> SearchEntry:
    """The unsaved entry of a conversation in hand, as saved (no read)."""
    return SearchEntry(
        kind=EntryKind.CONVERSATION,
        object_id=conversation.pk,
        conversation_id=conversation.pk,
        created_at=conversation.created_at,
        tokens=conversation_entry_text(
            conversation.number, conversation.subject, conversation.language or None
        ),
    )


def index_conversation(conversation_id: int) -> None:
    """Index a conversation's number and subject, and refresh its customer's entry.

    Call when a conversation is opened, its subject changes or it changes customer. Its
    messages are indexed one by one (index_message) or after a move (index_messages).
    """
    row = (
        _rows("tickets.Conversation")
        .filter(pk=conversation_id)
        .values_list("number", "subject", "language", "created_at", "customer_id")
        .first()
    )
    if row is None:
        _unindex(EntryKind.CONVERSATION, [conversation_id])
        return
    number, subject, language, created_at, customer_id = row
    text = conversation_entry_text(number, subject, language or None)
    _write(EntryKind.CONVERSATION, conversation_id, conversation_id, created_at, text)
    index_customer(customer_id)


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


def index_customer(customer_id: int) -> None:
    """Index a customer by name, identities and conversation numbers.

    Call after a customer is created or changed, an identity is added or removed, and
    for both customers after a merge (the merged-away one leaves the index).
    """
    row = (
        _rows("people.Customer")
        .filter(pk=customer_id)
        .values_list("name", "language", "created_at", "merged_into_id")
        .first()
    )
    if row is None or row[3] is not None:
        _unindex(EntryKind.CUSTOMER, [customer_id])
        return
    name, language, created_at, _merged_into = row
    _upsert([customer_entry(customer_id, name, language, created_at)])


def customer_entry(
    customer_id: int,
    name: str,
    language: str,
    created_at: datetime,
    *,
    identities: Iterable[tuple[str, str, str]] | None = None,
    numbers: Iterable[int] | None = None,
) -> SearchEntry:
    """The unsaved entry of a customer (not merged away) whose row is in hand.

    `identities` (kind, value, display) and `numbers` are read when not given; give
    them only when they are every identity and every conversation number the customer
    has, so the entry is the one `index_customer` writes.
    """
    if identities is None:
        identities = (
            _rows("people.Identity")
            .filter(customer_id=customer_id)
            .values_list("kind", "value", "display")
        )
    if numbers is None:
        numbers = (
            _rows("tickets.Conversation")
            .filter(customer_id=customer_id)
            .values_list("number", flat=True)
        )
    text = customer_entry_text(name, identities, numbers, language or None)
    return SearchEntry(
        kind=EntryKind.CUSTOMER,
        object_id=customer_id,
        conversation_id=None,
        created_at=created_at,
        tokens=text,
    )


def unindex(kind: str, object_ids: Iterable[int]) -> None:
    """Remove entries, e.g. for rows deleted by a data-retention job."""
    _unindex(kind, object_ids)
