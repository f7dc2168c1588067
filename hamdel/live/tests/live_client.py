"""Talking to the live consumer in-process, as a browser tab would.

channels.testing imports daphne, which Hamdel does not install, so this is the small
part of its WebsocketCommunicator the tests need, on asgiref's ApplicationCommunicator.
"""

import json
from typing import Any

from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter
from django.contrib.auth.models import User

from hamdel.live.routing import websocket_urlpatterns

TIMEOUT = 2  # seconds: the bound for every live notice


class Tab:
    def __init__(self, user: User) -> None:
        scope = {"type": "websocket", "path": "/ws/live/", "headers": [], "user": user}
        # Any: asgiref's communicator carries no type hints.
        self.asgi: Any = ApplicationCommunicator(  # type: ignore[no-untyped-call]
            URLRouter(websocket_urlpatterns), scope
        )

    async def send_input(self, message: dict[str, Any]) -> None:
        await self.asgi.send_input(message)

    async def receive_output(self, timeout: float = TIMEOUT) -> dict[str, Any]:
        output: dict[str, Any] = await self.asgi.receive_output(timeout)
        return output

    async def receive_nothing(self, timeout: float = 0.3) -> bool:
        nothing: bool = await self.asgi.receive_nothing(timeout)
        return nothing

    async def send_json_to(self, data: dict[str, Any]) -> None:
        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def receive_json_from(self, timeout: float = TIMEOUT) -> dict[str, Any]:
        output = await self.receive_output(timeout)
        assert output["type"] == "websocket.send", output
        event: dict[str, Any] = json.loads(output["text"])
        return event

    async def disconnect(self) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.asgi.wait(TIMEOUT)


async def connect(user: User) -> Tab:
    """A connected tab of `user`, past its "hello"."""
    tab = Tab(user)
    await tab.send_input({"type": "websocket.connect"})
    accepted = await tab.receive_output(TIMEOUT)
    assert accepted["type"] == "websocket.accept", accepted
    hello = await tab.receive_json_from()
    assert hello["type"] == "hello"
    return tab


async def next_of(tab: Tab, kind: str, **fields: Any) -> dict[str, Any]:
    """The next event of type `kind` (with these `fields`), skipping others; bounded."""
    for _ in range(20):
        event = await tab.receive_json_from()
        if event["type"] == kind and all(event.get(k) == v for k, v in fields.items()):
            return event
    raise AssertionError(f"no {kind} event with {fields} among the next 20")
