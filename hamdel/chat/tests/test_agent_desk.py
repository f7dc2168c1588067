"""The agent's side: chats ring on the desk, are taken up to a capacity, answered through
the chat transport, handed to a colleague; typing and read receipts both ways."""

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

from hamdel.chat import actions
from hamdel.chat.models import AgentChatSettings, ChatSession, Widget
from hamdel.chat.tests.helpers import desk, start_visitor
from hamdel.people.actions import set_presence
from hamdel.people.models import Presence
from hamdel.test import Cast, make_agent
from hamdel.tickets.actions import attempt_delivery
from hamdel.tickets.models import Delivery, Direction, Message

pytestmark = pytest.mark.django_db(transaction=True)


def _available(*agents: Any) -> None:
    for agent in agents:
        set_presence(agent, Presence.AVAILABLE)


def test_nobody_available_until_an_agent_is_present_with_the_desk_open(
    cast: Cast, widget: Widget
) -> None:
    _available(cast.alice)

    async def scenario() -> None:
        visitor, welcome = await start_visitor(widget.pk)
        assert welcome["availability"] == "nobody"  # available, but no desk open
        await visitor.disconnect()
        alice, _hello = await desk(cast.alice.user)
        visitor, welcome = await start_visitor(widget.pk)
        assert welcome["availability"] == "open"
        await database_sync_to_async(set_presence)(cast.alice, Presence.AWAY)
        later, welcome = await start_visitor(widget.pk)
        assert welcome["availability"] == "nobody"
        for socket in (visitor, later, alice):
            await socket.disconnect()

    async_to_sync(scenario)()


def test_a_chat_rings_is_taken_and_messages_go_both_ways(
    cast: Cast, widget: Widget, jobs_run_at_once: None
) -> None:
    _available(cast.alice, cast.sam)

    async def scenario() -> None:
        alice, _ = await desk(cast.alice.user)
        sam, _ = await desk(cast.sam.user)
        bob, _ = await desk(cast.bob.user)  # another team's agent hears nothing
        visitor, welcome = await start_visitor(widget.pk, language="tr")
        assert welcome["availability"] == "open"
        await visitor.send_json(
            {"type": "message", "id": "m1", "text": "Merhaba, siparişim nerede?"}
        )
        await visitor.next_of("stored", id="m1")
        offer = await alice.next_of("offer")
        await sam.next_of("offer", session=offer["session"])
        assert "offer" not in [frame["type"] for frame in await bob.frames_within(0.3)]

        await alice.send_json({"type": "accept", "session": offer["session"]})
        accepted = await alice.next_of("accepted")
        assert [line["text"] for line in accepted["messages"]] == ["Merhaba, siparişim nerede?"]
        await sam.next_of("taken", session=offer["session"])
        joined = await visitor.next_of("agent")
        assert joined["name"] == "alice"

        # typing both ways
        await visitor.send_json({"type": "typing"})
        await alice.next_of("typing", conversation=offer["conversation"])
        await alice.send_json({"type": "typing", "session": offer["session"]})
        await visitor.next_of("typing")

        # the agent's reply leaves through the chat transport and reaches the visitor
        await alice.send_json({"type": "reply", "session": offer["session"], "text": "Bakıyorum."})
        reply = await visitor.next_of("message")
        assert reply["message"]["text"] == "Bakıyorum."
        assert reply["message"]["author"] == "alice"

        # read receipts both ways
        await visitor.send_json({"type": "read", "upto": reply["message"]["id"]})
        read = await alice.next_of("read")
        assert read["upto"] == reply["message"]["id"]
        stored_id = accepted["messages"][0]["id"]
        await alice.send_json({"type": "read", "session": offer["session"], "upto": stored_id})
        assert (await visitor.next_of("read"))["upto"] == stored_id

        await visitor.send_json({"type": "message", "id": "m2", "text": "Teşekkürler"})
        incoming = await alice.next_of("message", conversation=offer["conversation"])
        assert incoming["message"]["text"] == "Teşekkürler"
        for socket in (visitor, alice, sam, bob):
            await socket.disconnect()

    async_to_sync(scenario)()
    session = ChatSession.objects.select_related("conversation").get()
    assert session.agent_id == cast.alice.pk
    assert session.conversation.assignee_id == cast.alice.user.pk  # type: ignore[union-attr]
    assert (session.visitor_read_upto, session.agent_read_upto) != (0, 0)
    reply = Message.objects.get(direction=Direction.OUTBOUND)
    assert reply.delivery == Delivery.DELIVERED


def test_an_agent_at_capacity_is_not_rung_and_cannot_take_another(
    cast: Cast, widget: Widget
) -> None:
    _available(cast.alice)
    AgentChatSettings.objects.create(agent=cast.alice, capacity=1)

    async def scenario() -> None:
        alice, _ = await desk(cast.alice.user)
        first, _ = await start_visitor(widget.pk)
        await first.send_json({"type": "message", "id": "m1", "text": "first"})
        offer = await alice.next_of("offer")
        await alice.send_json({"type": "accept", "session": offer["session"]})
        await alice.next_of("accepted")
        second, _ = await start_visitor(widget.pk)
        await second.send_json({"type": "message", "id": "m1", "text": "second"})
        await second.next_of("stored", id="m1")
        heard = await alice.frames_within(0.5)
        assert "offer" not in [frame["type"] for frame in heard]  # no ring: she is at capacity
        waiting = await database_sync_to_async(
            lambda: ChatSession.objects.filter(agent__isnull=True).get().pk
        )()
        await alice.send_json({"type": "accept", "session": waiting})
        refused = await alice.next_of("refused", session=waiting)
        assert refused["message"]
        for socket in (first, second, alice):
            await socket.disconnect()

    async_to_sync(scenario)()


def test_a_chat_is_handed_to_a_colleague(cast: Cast, widget: Widget) -> None:
    carol = make_agent("carol", teams=[cast.support])
    _available(cast.alice, carol)

    async def scenario() -> None:
        alice, _ = await desk(cast.alice.user)
        colleague, _ = await desk(carol.user)
        visitor, _ = await start_visitor(widget.pk)
        await visitor.send_json({"type": "message", "id": "m1", "text": "hello"})
        offer = await alice.next_of("offer")
        await alice.send_json({"type": "accept", "session": offer["session"]})
        await alice.next_of("accepted")
        await alice.send_json({"type": "hand", "session": offer["session"], "to": carol.pk})
        await alice.next_of("handed_off", session=offer["session"])
        handed = await colleague.next_of("handed")
        assert handed["conversation"] == offer["conversation"]
        assert (await visitor.next_of("agent", name="carol"))["name"] == "carol"
        await visitor.send_json({"type": "message", "id": "m2", "text": "still there?"})
        await colleague.next_of("message", conversation=offer["conversation"])
        for socket in (visitor, alice, colleague):
            await socket.disconnect()

    async_to_sync(scenario)()
    session = ChatSession.objects.select_related("conversation").get()
    assert session.agent_id == carol.pk
    assert session.conversation.assignee_id == carol.user.pk  # type: ignore[union-attr]


def test_a_reply_to_a_visitor_who_left_is_sent_and_shown_when_they_come_back(
    cast: Cast, widget: Widget
) -> None:
    async def scenario() -> str:
        visitor, welcome = await start_visitor(widget.pk)
        await visitor.send_json({"type": "message", "id": "m1", "text": "hello"})
        await visitor.next_of("stored", id="m1")
        await visitor.disconnect()
        return str(welcome["token"])

    token = async_to_sync(scenario)()
    session = ChatSession.objects.select_related("conversation").get()
    reply = actions.reply(session.conversation, cast.alice, "Hello, how can I help?")  # type: ignore[arg-type]
    attempt_delivery(reply.pk)
    reply.refresh_from_db()
    assert reply.delivery == Delivery.SENT

    async def back() -> None:
        visitor, welcome = await start_visitor(widget.pk, token=token)
        assert [line["text"] for line in welcome["messages"]] == ["hello", "Hello, how can I help?"]
        await visitor.disconnect()

    async_to_sync(back)()


def test_a_non_staff_user_cannot_open_the_desk(cast: Cast) -> None:
    from django.contrib.auth.models import AnonymousUser

    from hamdel.chat.tests.helpers import Socket, _agent_router

    async def scenario() -> None:
        scope = {
            "type": "websocket",
            "path": "/ws/chat/agent/",
            "headers": [],
            "user": AnonymousUser(),
        }
        socket = Socket(_agent_router, scope)
        answer = await socket.connect()
        assert answer["type"] == "websocket.close"

    async_to_sync(scenario)()


def test_an_agent_of_another_team_cannot_take_a_chat(cast: Cast, widget: Widget) -> None:
    async def scenario() -> None:
        visitor, _ = await start_visitor(widget.pk)
        await visitor.send_json({"type": "message", "id": "m1", "text": "hello"})
        await visitor.next_of("stored", id="m1")
        bob, _ = await desk(cast.bob.user)
        session_id = await database_sync_to_async(lambda: ChatSession.objects.get().pk)()
        await bob.send_json({"type": "accept", "session": session_id})
        refused = await bob.next_of("refused", session=session_id)
        assert refused["message"]
        for socket in (visitor, bob):
            await socket.disconnect()

    async_to_sync(scenario)()
    assert ChatSession.objects.get().agent_id is None
