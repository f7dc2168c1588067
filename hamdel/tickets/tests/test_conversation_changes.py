import pytest
from django.core.exceptions import ValidationError

from hamdel.audit.models import Event
from hamdel.people.actions import deactivate_agent
from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import (
    add_collaborator,
    add_note,
    add_tags,
    assign_conversation,
    change_status,
    remove_tags,
    set_tags,
    update_conversation,
)
from hamdel.tickets.models import Status

pytestmark = pytest.mark.django_db


def test_assigning_records_old_and_new_assignee_and_team(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    assign_conversation(conversation, cast.sam.user, assignee=cast.alice.user, team=cast.support)
    event = Event.objects.get(verb="conversation.assigned")
    assert event.old == {"assignee": None, "team": None}
    assert event.new == {"assignee": cast.alice.user.pk, "team": cast.support.pk}
    assert event.actor == cast.sam.user


def test_a_deactivated_agent_cannot_be_assigned(cast: Cast) -> None:
    deactivate_agent(cast.alice, None)
    cast.alice.user.refresh_from_db()
    with pytest.raises(ValidationError):
        assign_conversation(make_conversation(cast.customer), None, assignee=cast.alice.user)


def test_solving_stamps_the_time_and_writes_an_event(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    change_status(conversation, Status.SOLVED, cast.alice.user)
    conversation.refresh_from_db()
    assert conversation.solved_at is not None
    event = Event.objects.get(verb="conversation.status")
    assert (event.old, event.new) == (Status.NEW, Status.SOLVED)


def test_an_unknown_status_or_priority_is_refused(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    with pytest.raises(ValidationError):
        change_status(conversation, "finished", None)
    with pytest.raises(ValidationError):
        update_conversation(conversation, None, priority="whenever")


def test_each_changed_field_is_its_own_event(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    update_conversation(
        conversation, None, priority="high", category="complaint", subject="Order question"
    )
    verbs = sorted(
        Event.objects.filter(conversation_id=conversation.pk).values_list("verb", flat=True)
    )
    assert "conversation.priority" in verbs
    assert "conversation.category" in verbs
    assert "conversation.subject" not in verbs  # unchanged


def test_tags_are_lower_cased_unique_and_recorded(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    set_tags(conversation, ["Delivery", "delivery", "late"], None)
    add_tags(conversation, ["refund"], None)
    remove_tags(conversation, ["LATE"], None)
    assert sorted(conversation.tags.values_list("name", flat=True)) == ["delivery", "refund"]
    with pytest.raises(ValidationError):
        set_tags(conversation, ["two words"], None)


def test_a_note_records_mentions_of_active_staff_only(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    deactivate_agent(cast.bob, None)
    note = add_note(
        conversation,
        "@Sam can you approve? cc @bob and @nobody, mail me at x@alice",
        cast.alice.user,
    )
    assert list(note.mentions.all()) == [cast.sam.user]
    event = Event.objects.get(verb="note.added")
    assert event.data == {"mentions": [cast.sam.user.pk]}


def test_an_empty_note_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        add_note(make_conversation(cast.customer), "  ", cast.alice.user)


def test_anyone_on_the_staff_can_collaborate(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    add_collaborator(conversation, cast.bob.user, cast.alice.user)
    add_collaborator(conversation, cast.bob.user, cast.alice.user)  # twice is harmless
    assert list(conversation.collaborators.all()) == [cast.bob.user]
    assert Event.objects.filter(verb="conversation.collaborator_added").count() == 1
