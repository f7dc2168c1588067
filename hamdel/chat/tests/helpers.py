"""Talking to the chat sockets in-process, as the widget and the desk do.

channels.testing's WebsocketCommunicator imports daphne, which Hamdel does not install;
this is the part of it the tests need, on asgiref's ApplicationCommunicator (as
hamdel/live/tests/live_client.py does).
"""

import json
from typing import Any

from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter
from django.contrib.auth.models import User
from django.urls import path

from hamdel.chat.actions import save_widget
from hamdel.chat.consumers import AgentConsumer
from hamdel.chat.models import Widget
from hamdel.chat.routing import websocket_urlpatterns
from hamdel.people.models import Team

TIMEOUT = 10  # the first message of a run loads the language models
ORIGIN = "https://shop.example.com"

# The agent route without the session middleware: the tests put the user in the scope.
_agent_router = URLRouter([path("ws/chat/agent/", AgentConsumer.as_asgi())])


def make_widget(team: Team, **fields: Any) -> Widget:
    fields.setdefault("name", "Shop")
    fields.setdefault("allowed_origins", [ORIGIN])
    return save_widget(Widget(), {"team": team, **fields}, None)


class Socket:
    def __init__(self, application: Any, scope: dict[str, Any]) -> None:
        self.asgi: Any = ApplicationCommunicator(application, scope)  # type: ignore[no-untyped-call]

    async def connect(self) -> dict[str, Any]:
        await self.asgi.send_input({"type": "websocket.connect"})
        output: dict[str, Any] = await self.asgi.receive_output(TIMEOUT)
        return output

    async def send_text(self, text: str) -> None:
        await self.asgi.send_input({"type": "websocket.receive", "text": text})

    async def send_json(self, data: dict[str, Any]) -> None:
        await self.send_text(json.dumps(data))

    async def receive(self, timeout: float = TIMEOUT) -> dict[str, Any]:
        output: dict[str, Any] = await self.asgi.receive_output(timeout)
        return output

    async def receive_json(self, timeout: float = TIMEOUT) -> dict[str, Any]:
        output = await self.receive(timeout)
        assert output["type"] == "websocket.send", output
        event: dict[str, Any] = json.loads(output["text"])
        return event

    async def next_of(self, kind: str, timeout: float = TIMEOUT, **match: Any) -> dict[str, Any]:
        """The next frame of type `kind` (matching `match`), skipping others."""
        for _ in range(50):
            event = await self.receive_json(timeout)
            if event["type"] == kind and all(event.get(k) == v for k, v in match.items()):
                return event
        raise AssertionError(f"no {kind} frame")

    async def closed_with(self, timeout: float = TIMEOUT) -> int:
        """The close code the server answered with, skipping frames before it."""
        for _ in range(50):
            output = await self.receive(timeout)
            if output["type"] == "websocket.close":
                code: int = output.get("code", 1000)
                return code
        raise AssertionError("not closed")

    async def frames_within(self, seconds: float = 0.5) -> list[dict[str, Any]]:
        """Every frame that arrives until `seconds` pass without one (bounded)."""
        frames: list[dict[str, Any]] = []
        for _ in range(50):
            if await self.receive_nothing(seconds):
                break
            frames.append(await self.receive_json())
        return frames

    async def receive_nothing(self, timeout: float = 0.3) -> bool:
        nothing: bool = await self.asgi.receive_nothing(timeout)
        return nothing

    async def disconnect(self) -> None:
        await self.asgi.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.asgi.wait(TIMEOUT)


def visitor_socket(
    widget_id: int, origin: str = ORIGIN, client: tuple[str, int] = ("203.0.113.7", 50000)
) -> Socket:
    scope = {
        "type": "websocket",
        "path": f"/ws/chat/{widget_id}/",
        "headers": [(b"origin", origin.encode()), (b"host", b"hamdel.example.com")],
        "client": client,
    }
    return Socket(URLRouter(websocket_urlpatterns), scope)


async def start_visitor(
    widget_id: int, token: str = "", language: str = "en", **options: Any
) -> tuple[Socket, dict[str, Any]]:
    """A visitor's socket past its welcome."""
    socket = visitor_socket(widget_id, **options)
    accepted = await socket.connect()
    assert accepted["type"] == "websocket.accept", accepted
    await socket.send_json({"type": "start", "token": token, "language": language})
    welcome = await socket.next_of("welcome")
    return socket, welcome


async def desk(user: User) -> tuple[Socket, dict[str, Any]]:
    """An agent's chat desk past its hello."""
    scope = {
        "type": "websocket",
        "path": "/ws/chat/agent/",
        "headers": [],
        "client": ("127.0.0.1", 40000),
        "user": user,
    }
    socket = Socket(_agent_router, scope)
    accepted = await socket.connect()
    assert accepted["type"] == "websocket.accept", accepted
    hello = await socket.next_of("hello")
    return socket, hello
