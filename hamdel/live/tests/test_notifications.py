"""@mentions and assignments notify the agent in the app, live and in a list."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.test import Client

from hamdel.live.models import Notification, NotificationKind
from hamdel.live.tests.live_client import connect, next_of
from hamdel.test import PASSWORD, ApiClient, Cast, make_agent, make_conversation
from hamdel.tickets.actions import add_note, assign_conversation


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("jobs_run_at_once")
def test_a_mention_in_a_note_reaches_the_mentioned_agent_live_with_the_unread_count(
    cast: Cast,
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)

    async def scenario() -> None:
        alice = await connect(cast.alice.user)
        await database_sync_to_async(add_note)(
            conversation, "@alice can you call the courier?", cast.sam.user
        )
        event = await next_of(alice, "live.notification")
        assert event["unread"] == 1
        notice = event["notification"]
        assert (notice["kind"], notice["actor"], notice["number"]) == (
            "mention",
            "sam",
            conversation.number,
        )
        await alice.disconnect()

    async_to_sync(scenario)()


@pytest.mark.usefixtures("jobs_run_at_once")
def test_assigning_a_conversation_notifies_the_assignee_but_not_someone_taking_it_themself(
    cast: Cast,
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    assign_conversation(conversation, cast.sam.user, assignee=cast.alice.user)
    assign_conversation(conversation, cast.sam.user, assignee=cast.sam.user)
    kinds = list(Notification.objects.values_list("recipient__username", "kind", "actor__username"))
    assert kinds == [("alice", NotificationKind.ASSIGNMENT, "sam")]


def test_a_note_mentioning_its_own_author_notifies_nobody(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    add_note(conversation, "Reminder to myself, @sam", cast.sam.user)
    assert not Notification.objects.exists()


def test_the_notification_list_shows_only_my_own_newest_first_with_the_unread_count(
    cast: Cast,
) -> None:
    first = make_conversation(cast.customer, team=cast.support, subject="First")
    second = make_conversation(cast.customer, team=cast.support, subject="Second")
    add_note(first, "@alice look", cast.sam.user)
    add_note(second, "@alice and @bob look", cast.sam.user)
    response = ApiClient(cast.alice.user).get("/notifications")
    assert response.status_code == 200
    body = response.json()
    assert body["unread"] == 2
    assert [item["subject"] for item in body["items"]] == ["Second", "First"]
    assert all(item["read"] is False for item in body["items"])


def test_marking_notifications_read_lowers_the_unread_count_of_mine_only(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    dave = make_agent("dave", teams=[cast.support])
    add_note(conversation, "@alice and @dave look", cast.sam.user)
    add_note(conversation, "@alice again", cast.sam.user)
    alice = ApiClient(cast.alice.user)
    newest = alice.get("/notifications").json()["items"][0]["id"]
    bobs = Notification.objects.get(recipient=dave.user).pk  # someone else's
    response = alice.post("/notifications/read", {"ids": [newest, bobs]})
    assert response.json() == {"marked": 1, "unread": 1}
    assert alice.post("/notifications/read", {}).json() == {"marked": 1, "unread": 0}
    assert Notification.objects.get(pk=bobs).read_at is None
    unread_only = alice.get("/notifications", unread="true").json()
    assert unread_only == {"unread": 0, "items": []}


def test_the_browser_session_reads_the_list_and_must_send_the_csrf_token(cast: Cast) -> None:
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username="alice", password=PASSWORD)
    assert browser.get("/api/v1/notifications").status_code == 200
    assert browser.post("/api/v1/notifications/read", "{}", "application/json").status_code in {
        401,
        403,
    }
