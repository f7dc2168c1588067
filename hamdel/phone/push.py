"""Sending to the phone sockets from synchronous code (the CTI webhook, actions).

As hamdel.live.broadcast does (phone may not import it: a sibling): in the process that
serves the sockets, send on the server's own loop (adopted by the consumers), which the
in-memory layer of `hamdel run` needs; elsewhere (a web process on the Redis layer) on one
loop thread of our own. Sends never block the caller and go out on commit.
"""

import asyncio
import logging
import threading
import uuid
from concurrent.futures import Future
from typing import Any

from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)

SUPERVISORS = "phone-supervisors"  # wallboards


def team_group(team_id: int) -> str:
    """Every phone socket of an agent of the team: screen pops and callbacks."""
    return f"phone-team-{team_id}"


def user_group(user_id: int) -> str:
    return f"phone-user-{user_id}"


_lock = threading.Lock()
_adopted: asyncio.AbstractEventLoop | None = None
_own: asyncio.AbstractEventLoop | None = None


def adopt_loop(loop: asyncio.AbstractEventLoop) -> None:
    global _adopted
    _adopted = loop


def _loop() -> asyncio.AbstractEventLoop:
    global _own
    adopted = _adopted
    if adopted is not None and adopted.is_running() and not adopted.is_closed():
        return adopted
    with _lock:
        if _own is None or _own.is_closed():
            _own = asyncio.new_event_loop()
            threading.Thread(target=_own.run_forever, name="phone-push", daemon=True).start()
        return _own


def _report(future: "Future[Any]") -> None:
    error = future.exception()
    if error is not None:
        log.warning("phone event not sent: %r", error)


def send(group: str, event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    future = asyncio.run_coroutine_threadsafe(layer.group_send(group, event), _loop())
    future.add_done_callback(_report)


def send_on_commit(groups: list[str], event: dict[str, Any]) -> None:
    """Tell the sockets once the transaction commits: never about a change rolled back."""

    # One id for every copy: an agent in two of the groups drops the second.
    event = {**event, "id": uuid.uuid4().hex}

    def go() -> None:
        for group in groups:
            send(group, event)

    transaction.on_commit(go)
