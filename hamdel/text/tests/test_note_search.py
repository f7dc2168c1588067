"""Internal notes in the one search: indexed with the note, moved with a merge, rebuilt."""

from io import StringIO

import pytest
from django.core.management import call_command

from hamdel.test import Cast, make_conversation
from hamdel.text.models import EntryKind, SearchEntry
from hamdel.text.queries import search
from hamdel.tickets.actions import add_note, merge_conversations
from hamdel.tickets.bulk_index import bulk_index_all
from hamdel.tickets.queries import search_everything, visible_conversations

pytestmark = pytest.mark.django_db


def test_a_note_is_found_by_a_word_in_it_with_its_own_text_as_snippet(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support, body="Where is my order?")
    note = add_note(conversation, "Courier confirmed the parcel went to Tabriz", cast.alice.user)
    hits = search(None, "tabriz", kinds=[EntryKind.NOTE])
    assert [(hit.type, hit.id, hit.conversation_id) for hit in hits] == [
        ("note", note.pk, conversation.pk)
    ]
    assert "Courier confirmed the parcel went to <mark>Tabriz</mark>" in hits[0].snippet
    assert [hit.type for hit in search_everything(cast.alice.user, "tabriz", limit=20)] == ["note"]


def test_a_note_is_found_by_an_inflected_persian_word(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    note = add_note(conversation, "مشتری کتاب‌ها را پس فرستاد", cast.alice.user)
    hits = search(None, "كتاب", kinds=[EntryKind.NOTE])
    assert [hit.id for hit in hits] == [note.pk]


def test_another_teams_agent_does_not_find_a_note(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.billing)
    add_note(conversation, "Chargeback suspected, do not refund", cast.bob.user)
    assert search_everything(cast.alice.user, "chargeback", limit=20) == []
    assert search_everything(cast.alice.user, "chargeback", limit=20, kind="note") == []
    hidden = visible_conversations(cast.alice.user)
    assert search(hidden, "chargeback", kinds=[EntryKind.NOTE]) == []
    assert [hit.type for hit in search_everything(cast.bob.user, "chargeback", limit=20)] == [
        "note"
    ]
    assert [hit.type for hit in search_everything(cast.ada.user, "chargeback", limit=20)] == [
        "note"
    ]


def test_a_note_moved_by_a_merge_is_found_under_the_target_conversation(cast: Cast) -> None:
    source = make_conversation(cast.customer, team=cast.billing)
    target = make_conversation(cast.customer, team=cast.support)
    note = add_note(source, "Spoke to the warehouse about the dented samovar", cast.bob.user)
    assert search_everything(cast.alice.user, "samovar", limit=20) == []
    merge_conversations(source, target, cast.sam.user)
    entry = SearchEntry.objects.get(kind=EntryKind.NOTE, object_id=note.pk)
    assert entry.conversation_id == target.pk
    hits = search_everything(cast.alice.user, "samovar", limit=20, kind="note")
    assert [(hit.id, hit.conversation_id) for hit in hits] == [(note.pk, target.pk)]


def test_card_numbers_in_a_note_are_neither_indexed_nor_shown(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    add_note(
        conversation, "Customer read out card 4111 1111 1111 1111 on the phone", cast.alice.user
    )
    assert search(None, "4111111111111111") == []
    hits = search(None, "phone card", kinds=[EntryKind.NOTE])
    assert len(hits) == 1
    assert "4111 1111 1111 1111" not in hits[0].snippet


def test_reindex_rebuilds_note_entries(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    note = add_note(conversation, "Escalated to the logistics lead", cast.alice.user)
    expected = SearchEntry.objects.filter(kind=EntryKind.NOTE).values_list(
        "object_id", "conversation_id", "tokens"
    )
    before = list(expected)
    SearchEntry.objects.filter(kind=EntryKind.NOTE).delete()
    SearchEntry.objects.create(
        kind=EntryKind.NOTE,
        object_id=999_999,
        conversation_id=conversation.pk,
        created_at=note.created_at,
    )
    out = StringIO()
    call_command("reindex", "--only", "note", stdout=out)
    assert "notes" in out.getvalue()
    assert "removed 1 stale entries" in out.getvalue()
    assert list(expected) == before
    assert [hit.id for hit in search(None, "logistics")] == [note.pk]
    SearchEntry.objects.all().delete()
    call_command("reindex", stdout=StringIO())
    assert list(expected) == before


def test_bulk_indexing_builds_the_same_note_entries(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    add_note(conversation, "Refund approved by finance", cast.alice.user)
    entries = SearchEntry.objects.filter(kind=EntryKind.NOTE).values_list(
        "object_id", "conversation_id", "tokens"
    )
    before = list(entries)
    SearchEntry.objects.all().delete()
    assert bulk_index_all()[EntryKind.NOTE] == 1
    assert list(entries) == before
