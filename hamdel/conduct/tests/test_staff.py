"""Staff come first: exposure per agent and week, and handing over in one click."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hamdel.conduct import actions, queries
from hamdel.conduct.models import Detection
from hamdel.conduct.tests.factories import customer_writes
from hamdel.live.models import Notification
from hamdel.test import PASSWORD, Cast, make_conversation
from hamdel.tickets.actions import assign_conversation


def test_exposure_counts_abusive_messages_per_agent_week_and_severity(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    assign_conversation(conversation, None, assignee=cast.alice.user)
    customer_writes(cast.customer, "shit", conversation=conversation)
    customer_writes(cast.customer, "you bitch", conversation=conversation)
    customer_writes(cast.customer, "I will kill you", conversation=conversation)
    old = customer_writes(cast.customer, "asshole", conversation=conversation)
    Detection.objects.filter(message=old).update(created_at=timezone.now() - timedelta(weeks=20))
    [row] = queries.exposure()
    assert row.agent == "alice"
    assert row.counts == {"mild": 1, "abusive": 1, "threat": 1}
    assert queries.exposure_of(cast.alice.user) == {"mild": 1, "abusive": 1, "threat": 1}


def test_the_exposure_page_is_for_supervisors(cast: Cast) -> None:
    client = Client()
    client.login(username="alice", password=PASSWORD)
    assert client.get("/conduct/exposure/").status_code == 403
    client.login(username="sam", password=PASSWORD)
    assert client.get("/conduct/exposure/").status_code == 200


def test_hand_over_gives_the_conversation_to_a_supervisor_in_one_click(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support, body="fuck you")
    assign_conversation(conversation, None, assignee=cast.alice.user)
    client = Client()
    client.login(username="alice", password=PASSWORD)
    response = client.post(f"/conduct/conversations/{conversation.pk}/hand-over")
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.assignee == cast.sam.user
    assert Notification.objects.filter(kind="abuse_handover", recipient=cast.sam.user).exists()


def test_hand_over_without_a_supervisor_says_so(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    cast.sam.user.is_active = False
    cast.sam.user.save()
    with pytest.raises(ValidationError, match="no supervisor"):
        actions.hand_over(conversation, cast.alice.user)
