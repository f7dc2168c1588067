import pytest
from django.http import Http404

from hamdel.people.actions import deactivate_agent
from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import add_collaborator, assign_conversation
from hamdel.tickets.queries import conversation_for, visible_conversations

pytestmark = pytest.mark.django_db


def test_an_agent_sees_the_conversations_of_their_teams(cast: Cast) -> None:
    mine = make_conversation(cast.customer, team=cast.support)
    theirs = make_conversation(cast.customer, team=cast.billing)
    unassigned = make_conversation(cast.customer)
    assert set(visible_conversations(cast.alice.user)) == {mine}
    assert set(visible_conversations(cast.bob.user)) == {theirs}
    assert unassigned not in visible_conversations(cast.alice.user)


def test_an_agent_sees_what_is_assigned_to_them_in_another_team(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.billing)
    assign_conversation(conversation, None, assignee=cast.alice.user)
    assert conversation in visible_conversations(cast.alice.user)


def test_an_agent_sees_what_they_collaborate_on(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.billing)
    add_collaborator(conversation, cast.alice.user, cast.bob.user)
    assert list(visible_conversations(cast.alice.user)) == [conversation]


def test_supervisors_and_admins_see_everything(cast: Cast) -> None:
    conversations = {
        make_conversation(cast.customer, team=cast.billing),
        make_conversation(cast.customer),
    }
    assert set(visible_conversations(cast.sam.user)) == conversations
    assert set(visible_conversations(cast.ada.user)) == conversations


def test_another_teams_conversation_is_not_found_like_a_missing_one(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.billing)
    with pytest.raises(Http404):
        conversation_for(cast.alice.user, conversation.pk)
    with pytest.raises(Http404):
        conversation_for(cast.alice.user, 999_999)
    assert conversation_for(cast.bob.user, conversation.pk) == conversation


def test_a_deactivated_agent_sees_nothing(cast: Cast) -> None:
    make_conversation(cast.customer, team=cast.support)
    deactivate_agent(cast.alice, None)
    cast.alice.user.refresh_from_db()
    assert not visible_conversations(cast.alice.user).exists()
