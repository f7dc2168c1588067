"""The phone socket: a screen pop for the ringing call's team, the callback of a missed
call within moments of its hang-up, the wallboard for supervisors only."""

from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from django.contrib.auth.models import AnonymousUser, User

from hamdel.people.actions import add_identity
from hamdel.people.models import IdentityKind
from hamdel.phone.consumers import PhoneConsumer
from hamdel.phone.tests.helpers import Pbx, now
from hamdel.test import Cast, make_conversation

TIMEOUT = 3


def _socket(user: Any) -> Any:
    from django.urls import path

    scope = {"type": "websocket", "path": "/ws/phone/", "headers": [], "user": user}
    app = URLRouter([path("ws/phone/", PhoneConsumer.as_asgi())])
    return ApplicationCommunicator(app, scope)  # type: ignore[no-untyped-call]


async def _open(user: User) -> Any:
    socket = _socket(user)
    await socket.send_input({"type": "websocket.connect"})
    assert (await socket.receive_output(TIMEOUT))["type"] == "websocket.accept"
    assert '"hello"' in (await socket.receive_output(TIMEOUT))["text"]
    return socket


async def _next(socket: Any, kind: str) -> dict[str, Any]:
    import json

    while True:
        output = await socket.receive_output(TIMEOUT)
        event: dict[str, Any] = json.loads(output["text"])
        if event["type"] == kind:
            return event


@pytest.mark.django_db(transaction=True)
def test_a_ringing_call_pops_up_with_the_customer_and_the_callback_follows_the_hangup(
    cast: Cast,
) -> None:
    pbx = Pbx.connect(cast.support, cast.ada.user)
    add_identity(cast.customer, IdentityKind.PHONE, "+989121234567", None)
    conversation = make_conversation(cast.customer, team=cast.support, subject="Late parcel")
    start = now() - timedelta(seconds=40)

    async def scenario() -> None:
        alice = await _open(cast.alice.user)
        bob = await _open(cast.bob.user)
        await database_sync_to_async(pbx.post)(
            "newCall", "w1", **{"from": "09121234567"}, direction="in", at=start
        )
        pop = await _next(alice, "pop")
        assert cast.customer.name in pop["html"]
        assert f"#{conversation.number}" in pop["html"]
        assert "Late parcel" in pop["html"]
        assert "Open promises" in pop["html"]  # promises' customer fact
        await database_sync_to_async(pbx.post)("hangup", "w1", cause="cancel")
        callback = await _next(alice, "callback")
        assert (callback["phone"], callback["missed_calls"]) == ("+989121234567", 1)
        assert await bob.receive_nothing(0.3)  # another team's queue
        await alice.send_input({"type": "websocket.disconnect", "code": 1000})
        await bob.send_input({"type": "websocket.disconnect", "code": 1000})

    async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
def test_the_wallboard_is_for_supervisors_and_strangers_are_refused(cast: Cast) -> None:
    Pbx.connect(cast.support, cast.ada.user)

    async def scenario() -> None:
        sam = await _open(cast.sam.user)
        await sam.send_input({"type": "websocket.receive", "text": '{"type": "wallboard"}'})
        board = await _next(sam, "wallboard")
        assert "Support" in board["html"]
        alice = await _open(cast.alice.user)
        await alice.send_input({"type": "websocket.receive", "text": '{"type": "wallboard"}'})
        assert (await _next(alice, "refused"))["what"] == "wallboard"
        stranger = _socket(AnonymousUser())
        await stranger.send_input({"type": "websocket.connect"})
        closed = await stranger.receive_output(TIMEOUT)
        assert closed == {"type": "websocket.close", "code": 4403}

    async_to_sync(scenario)()
