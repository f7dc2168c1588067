"""Every check runs before any write: an action either succeeds and says so or changes
nothing. An agent may hand a conversation to another team (docs/conversations.md): the
answer is 200 with the conversation as it now is, though they can no longer open it."""

import pytest
from django.test import Client

from hamdel.people.models import Role
from hamdel.test import PASSWORD, ApiClient, Cast, make_agent, make_conversation
from hamdel.tickets.models import Conversation

pytestmark = pytest.mark.django_db


def test_handing_a_conversation_to_another_team_answers_200_and_moves_it(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    api = ApiClient(cast.alice.user)
    response = api.post(f"/conversations/{conversation.pk}/assign", {"team_id": cast.billing.pk})
    assert response.status_code == 200, response.content
    assert response.json()["team_id"] == cast.billing.pk
    assert Conversation.objects.get(pk=conversation.pk).team_id == cast.billing.pk
    assert api.get(f"/conversations/{conversation.pk}").status_code == 404


def test_handing_over_in_the_ui_says_so_and_returns_to_the_inbox(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    response = client.post(
        f"/conversations/{conversation.pk}/assign", {"team": cast.billing.pk, "assignee": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == "/inbox/"
    assert Conversation.objects.get(pk=conversation.pk).team_id == cast.billing.pk


def test_a_conversation_created_by_an_agent_of_no_team_is_201_not_403(cast: Cast) -> None:
    loner = make_agent("lone", role=Role.AGENT)
    response = ApiClient(loner.user).post(
        "/conversations",
        {
            "subject": "Hello",
            "channel": "email",
            "customer": {"name": "Dara", "email": "dara@example.com"},
            "message": {"body": "Hi"},
        },
    )
    assert response.status_code == 201, response.content
    assert Conversation.objects.filter(pk=response.json()["id"]).exists()


def test_a_refused_merge_into_a_hidden_conversation_changes_nothing(cast: Cast) -> None:
    mine = make_conversation(cast.customer, team=cast.support)
    billing = make_conversation(cast.customer, team=cast.billing)
    response = ApiClient(cast.alice.user).post(
        f"/conversations/{mine.pk}/merge", {"target_id": billing.pk}
    )
    assert response.status_code == 404
    assert Conversation.objects.get(pk=mine.pk).merged_into_id is None
