"""The live inbox: new and changed conversations reach the agents who may see them."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

from hamdel.live.tests.live_client import connect, next_of
from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import change_status
from hamdel.tickets.models import Status

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_conversation_reaches_the_inboxes_of_those_who_may_see_it_only(cast: Cast) -> None:
    async def scenario() -> None:
        alice, bob, ada = (
            await connect(cast.alice.user),
            await connect(cast.bob.user),
            await connect(cast.ada.user),
        )
        conversation = await database_sync_to_async(make_conversation)(
            cast.customer, team=cast.support
        )
        for tab in (alice, ada):
            event = await next_of(tab, "live.conversation", number=conversation.number)
            assert event["change"] == "message"
            assert event["direction"] == "inbound"
        heard = []
        for _ in range(5):  # bounded: drain whatever else bob's tab is told meanwhile
            if await bob.receive_nothing(timeout=0.3):
                break
            heard.append(await bob.receive_json_from())
        assert not [event for event in heard if event.get("number") == conversation.number]
        for tab in (alice, bob, ada):
            await tab.disconnect()

    async_to_sync(scenario)()


def test_a_status_change_moves_the_conversation_in_the_inbox(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)

    async def scenario() -> None:
        alice = await connect(cast.alice.user)
        await database_sync_to_async(change_status)(conversation, Status.SOLVED, cast.sam.user)
        # The conversation's own arrival may still be on its way; wait for the change.
        event = await next_of(alice, "live.conversation", change="status")
        assert event["conversation"] == conversation.pk
        await alice.disconnect()

    async_to_sync(scenario)()
