"""The visitor's socket: Origin, token, persistence, limits and their close codes."""

import json

import pytest
from asgiref.sync import async_to_sync

from hamdel.chat import limits
from hamdel.chat.models import ChatSession, Widget
from hamdel.chat.tests.helpers import ORIGIN, start_visitor, visitor_socket
from hamdel.people.models import Identity
from hamdel.tickets.models import Conversation, Message

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_page_on_an_origin_not_listed_cannot_open_the_socket(widget: Widget) -> None:
    async def scenario() -> None:
        socket = visitor_socket(widget.pk, origin="https://evil.example.net")
        answer = await socket.connect()
        assert answer["type"] == "websocket.close"  # refused at the handshake
        assert answer["code"] == limits.ORIGIN_REFUSED

    async_to_sync(scenario)()


def test_an_unknown_widget_is_closed_with_its_own_code(widget: Widget) -> None:
    async def scenario() -> None:
        socket = visitor_socket(widget.pk + 100)
        assert (await socket.connect())["type"] == "websocket.accept"
        assert await socket.closed_with() == limits.UNKNOWN_WIDGET

    async_to_sync(scenario)()


def test_a_frame_before_start_is_a_protocol_error(widget: Widget) -> None:
    async def scenario() -> None:
        socket = visitor_socket(widget.pk)
        await socket.connect()
        await socket.send_json({"type": "message", "id": "a1", "text": "hi"})
        assert await socket.closed_with() == limits.PROTOCOL_ERROR

    async_to_sync(scenario)()


def test_no_name_or_email_is_asked_and_the_first_message_is_stored_when_sent(
    widget: Widget,
) -> None:
    async def scenario() -> None:
        socket, welcome = await start_visitor(widget.pk, language="fa")
        assert welcome["language"] == "fa"
        assert welcome["messages"] == []
        assert welcome["token"]
        await socket.send_json({"type": "message", "id": "m1", "text": "سلام، سفارشم کجاست؟"})
        stored = await socket.next_of("stored", id="m1")
        assert stored["message"]["text"] == "سلام، سفارشم کجاست؟"
        await socket.disconnect()

    async_to_sync(scenario)()
    message = Message.objects.select_related("conversation").get()
    conversation = message.conversation
    assert (conversation.channel, conversation.team_id) == ("chat", widget.team_id)
    assert message.account == f"widget-{widget.pk}"
    session = ChatSession.objects.get()
    assert session.conversation_id == conversation.pk
    assert message.external_id == f"{session.visitor}:m1"
    assert list(
        Identity.objects.filter(customer=conversation.customer).values_list("kind", flat=True)
    ) == ["chat"]
    assert conversation.language == "fa"


def test_the_token_resumes_the_same_conversation_after_a_reload(widget: Widget) -> None:
    async def scenario() -> None:
        socket, welcome = await start_visitor(widget.pk)
        token = welcome["token"]
        await socket.send_json({"type": "message", "id": "m1", "text": "Where is my order?"})
        await socket.next_of("stored", id="m1")
        await socket.disconnect()

        again, resumed = await start_visitor(widget.pk, token=token)
        assert resumed["resumed"] is True
        assert [line["text"] for line in resumed["messages"]] == ["Where is my order?"]
        await again.send_json({"type": "message", "id": "m2", "text": "It is number 1042."})
        await again.next_of("stored", id="m2")
        # The same frame again (a reconnect resends it) is stored once.
        await again.send_json({"type": "message", "id": "m2", "text": "It is number 1042."})
        await again.next_of("stored", id="m2")
        await again.disconnect()

    async_to_sync(scenario)()
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 2


def test_a_token_of_another_widget_or_forged_starts_afresh(widget: Widget) -> None:
    async def scenario() -> None:
        _socket, welcome = await start_visitor(widget.pk, token="forged:token")
        assert welcome["resumed"] is False
        await _socket.disconnect()

    async_to_sync(scenario)()


def test_a_frame_above_the_size_limit_closes_the_socket(widget: Widget) -> None:
    async def scenario() -> None:
        socket, _welcome = await start_visitor(widget.pk)
        big = "x" * (limits.MAX_FRAME_BYTES + 1)
        await socket.send_text(json.dumps({"type": "message", "id": "m1", "text": big}))
        assert await socket.closed_with() == limits.FRAME_TOO_LARGE

    async_to_sync(scenario)()
    assert not Message.objects.exists()


def test_too_many_messages_close_the_socket(
    widget: Widget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MESSAGES_PER_WINDOW", 3)

    async def scenario() -> None:
        socket, _welcome = await start_visitor(widget.pk)
        for number in range(3):
            await socket.send_json({"type": "message", "id": f"m{number}", "text": "hello"})
            await socket.next_of("stored", id=f"m{number}")
        await socket.send_json({"type": "message", "id": "m9", "text": "hello"})
        assert await socket.closed_with() == limits.TOO_MANY_MESSAGES

    async_to_sync(scenario)()
    assert Message.objects.count() == 3


def test_too_many_sockets_from_one_address_are_closed(
    widget: Widget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_SOCKETS_PER_ADDRESS", 2)

    async def scenario() -> None:
        first, _ = await start_visitor(widget.pk)
        second, _ = await start_visitor(widget.pk)
        third = visitor_socket(widget.pk)
        assert (await third.connect())["type"] == "websocket.accept"
        assert await third.closed_with() == limits.TOO_MANY_SOCKETS
        elsewhere, _ = await start_visitor(widget.pk, client=("198.51.100.9", 1))
        for socket in (first, second, elsewhere):
            await socket.disconnect()

    async_to_sync(scenario)()


def test_a_binary_frame_is_a_protocol_error(widget: Widget) -> None:
    async def scenario() -> None:
        socket, _welcome = await start_visitor(widget.pk)
        await socket.asgi.send_input({"type": "websocket.receive", "bytes": b"\x00\x01"})
        assert await socket.closed_with() == limits.PROTOCOL_ERROR

    async_to_sync(scenario)()


def test_the_visitor_leaving_keeps_the_conversation_open(widget: Widget) -> None:
    async def scenario() -> None:
        socket, _welcome = await start_visitor(widget.pk)
        await socket.send_json({"type": "message", "id": "m1", "text": "hello"})
        await socket.next_of("stored", id="m1")
        await socket.disconnect()

    async_to_sync(scenario)()
    session = ChatSession.objects.select_related("conversation").get()
    assert session.left_at is not None
    assert not session.conversation.is_finished  # type: ignore[union-attr]


def test_the_project_routes_the_declared_chat_socket_beside_lives(widget: Widget) -> None:
    from hamdel.asgi import application
    from hamdel.chat.tests.helpers import Socket

    async def scenario() -> None:
        chat = visitor_socket(widget.pk)
        chat.asgi = Socket(application, chat.asgi.scope).asgi
        assert (await chat.connect())["type"] == "websocket.accept"
        await chat.disconnect()
        scope = {
            "type": "websocket",
            "path": "/ws/live/",
            "headers": [(b"origin", ORIGIN.encode()), (b"host", b"testserver")],
            "client": ("127.0.0.1", 1),
        }
        live = Socket(application, scope)  # live is still routed, and refuses a stranger
        assert (await live.connect())["type"] == "websocket.close"

    async_to_sync(scenario)()
