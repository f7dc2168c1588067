"""The search entries of messages, notes and conversations: tickets reads its rows and
hands them to text as typed rows (text never reads tickets' tables).

Each function is meant to run inside the caller's transaction, after the rows are saved.
"""

from collections.abc import Sequence

from hamdel.people.indexing import customer_entry, index_customer
from hamdel.text.actions import (
    BATCH_SIZE,
    ConversationRow,
    MessageRow,
    NoteRow,
    replace_entries,
    unindex,
    write_entries,
)
from hamdel.text.actions import conversation_entry as conversation_entry_of
from hamdel.text.actions import message_entry as message_entry_of
from hamdel.text.actions import note_entry as note_entry_of
from hamdel.text.models import EntryKind, SearchEntry
from hamdel.tickets.models import Conversation, Message, Note

__all__ = [
    "conversation_entry",
    "conversation_rows",
    "customer_entry",
    "index_conversation",
    "index_message",
    "index_messages",
    "index_note",
    "index_notes",
    "message_entry",
    "message_rows",
    "note_rows",
]


def message_rows(ids: Sequence[int]) -> list[MessageRow]:
    rows = Message.objects.filter(pk__in=list(ids)).values_list(
        "pk", "conversation_id", "created_at", "body_text", "language"
    )
    return [MessageRow(*row) for row in rows]


def note_rows(ids: Sequence[int]) -> list[NoteRow]:
    rows = Note.objects.filter(pk__in=list(ids)).values_list(
        "pk", "conversation_id", "created_at", "body"
    )
    return [NoteRow(*row) for row in rows]


def conversation_rows(ids: Sequence[int]) -> list[ConversationRow]:
    rows = Conversation.objects.filter(pk__in=list(ids)).values_list(
        "pk", "number", "subject", "language", "created_at"
    )
    return [ConversationRow(*row) for row in rows]


def message_entry(message: Message) -> SearchEntry:
    """The unsaved entry of a message just saved and still in hand (no read)."""
    return message_entry_of(
        MessageRow(
            message.pk,
            message.conversation_id,
            message.created_at,
            message.body_text,
            message.language,
        )
    )


def conversation_entry(conversation: Conversation) -> SearchEntry:
    """The unsaved entry of a conversation in hand, as saved (no read)."""
    return conversation_entry_of(
        ConversationRow(
            conversation.pk,
            conversation.number,
            conversation.subject,
            conversation.language,
            conversation.created_at,
        )
    )


def index_messages(message_ids: Sequence[int]) -> None:
    """Index (or re-index) messages, e.g. after they moved to another conversation."""
    for start in range(0, len(message_ids), BATCH_SIZE):
        batch = message_ids[start : start + BATCH_SIZE]
        replace_entries(
            EntryKind.MESSAGE, batch, [message_entry_of(r) for r in message_rows(batch)]
        )


def index_message(message_id: int) -> None:
    index_messages([message_id])


def index_notes(note_ids: Sequence[int]) -> None:
    """Index (or re-index) notes, e.g. after they moved to another conversation."""
    for start in range(0, len(note_ids), BATCH_SIZE):
        batch = note_ids[start : start + BATCH_SIZE]
        replace_entries(EntryKind.NOTE, batch, [note_entry_of(r) for r in note_rows(batch)])


def index_note(note_id: int) -> None:
    index_notes([note_id])


def index_conversation(conversation_id: int) -> None:
    """Index a conversation's number and subject, and refresh its customer's entry.

    Call when a conversation is opened, its subject changes or it changes customer. Its
    messages are indexed one by one (index_message) or after a move (index_messages).
    """
    row = (
        Conversation.objects.filter(pk=conversation_id)
        .values_list("pk", "number", "subject", "language", "created_at", "customer_id")
        .first()
    )
    if row is None:
        unindex(EntryKind.CONVERSATION, [conversation_id])
        return
    pk, number, subject, language, created_at, customer_id = row
    write_entries(
        [conversation_entry_of(ConversationRow(pk, number, subject, language, created_at))]
    )
    index_customer(customer_id)
