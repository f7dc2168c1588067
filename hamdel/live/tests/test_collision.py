"""Collision notices: who else has the conversation open, is replying, has replied."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

from hamdel.live.tests.live_client import connect, next_of
from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import add_message
from hamdel.tickets.models import Direction

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_agents_on_the_same_conversation_see_each_other_and_a_leaver_goes(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)

    async def scenario() -> None:
        alice = await connect(cast.alice.user)
        sam = await connect(cast.sam.user)
        await alice.send_json_to({"type": "watch", "conversation": conversation.pk})
        await sam.send_json_to({"type": "watch", "conversation": conversation.pk})
        seen_by_alice = await next_of(alice, "live.viewer")
        assert (seen_by_alice["name"], seen_by_alice["typing"]) == ("sam", False)
        seen_by_sam = await next_of(sam, "live.viewer")  # alice answers sam's arrival at once
        assert seen_by_sam["name"] == "alice"
        await sam.disconnect()
        left = await next_of(alice, "live.left")
        assert (left["conversation"], left["user"]) == (conversation.pk, cast.sam.user.pk)
        await alice.disconnect()

    async_to_sync(scenario)()


def test_an_agent_who_starts_replying_warns_the_others_but_not_themself(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)

    async def scenario() -> None:
        alice = await connect(cast.alice.user)
        sam = await connect(cast.sam.user)
        for tab in (alice, sam):
            await tab.send_json_to({"type": "watch", "conversation": conversation.pk})
        await next_of(alice, "live.viewer")
        await next_of(sam, "live.viewer")
        await sam.send_json_to({"type": "typing", "conversation": conversation.pk})
        # Both arrivals may cross, so alice can hear sam arrive twice before he types.
        warning = await next_of(alice, "live.viewer", typing=True)
        assert warning["name"] == "sam"
        echoed = []
        for _ in range(5):  # bounded: only crossing arrival answers may still come
            if await sam.receive_nothing(timeout=0.3):
                break
            echoed.append(await sam.receive_json_from())
        assert not any(event.get("typing") for event in echoed)
        await alice.disconnect()
        await sam.disconnect()

    async_to_sync(scenario)()


def test_a_reply_sent_by_another_agent_reaches_those_viewing_the_conversation(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)

    async def scenario() -> None:
        alice = await connect(cast.alice.user)
        await alice.send_json_to({"type": "watch", "conversation": conversation.pk})
        await next_of(alice, "watching")
        await database_sync_to_async(add_message)(
            conversation,
            direction=Direction.OUTBOUND,
            body_text="We have sent it today.",
            author_agent=cast.sam.user,
            actor=cast.sam.user,
        )
        replied = await next_of(alice, "live.replied")
        assert (replied["conversation"], replied["name"]) == (conversation.pk, "sam")
        await alice.disconnect()

    async_to_sync(scenario)()


def test_an_agent_cannot_watch_a_conversation_of_a_team_they_are_not_on(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)

    async def scenario() -> None:
        bob = await connect(cast.bob.user)
        alice = await connect(cast.alice.user)
        await alice.send_json_to({"type": "watch", "conversation": conversation.pk})
        await next_of(alice, "watching")
        await bob.send_json_to({"type": "watch", "conversation": conversation.pk})
        refused = await next_of(bob, "refused")
        assert refused["conversation"] == conversation.pk
        heard = []
        for _ in range(5):  # bounded: drain whatever else alice's tab is told meanwhile
            if await alice.receive_nothing(timeout=0.3):
                break
            heard.append(await alice.receive_json_from())
        # bob's arrival was never announced to alice
        assert not [event for event in heard if event.get("name") == "bob"]
        await alice.disconnect()
        await bob.disconnect()

    async_to_sync(scenario)()
