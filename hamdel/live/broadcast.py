"""Sending live events to WebSocket groups from synchronous code (views, actions, jobs).

Sends never block the caller: they are scheduled on an event loop and forgotten. In a
process that serves WebSockets that loop is the server's own (adopted by the consumer on
its first connection), which the in-memory layer of the one-process mode needs: its
queues belong to that loop. Elsewhere (a WSGI web process, a worker) a daemon thread runs
one loop for the whole process, so the Redis layer keeps one connection pool instead of
opening one per send.
"""

import asyncio
import logging
import threading
from concurrent.futures import Future
from typing import Any

from channels.layers import get_channel_layer

log = logging.getLogger(__name__)

INBOX = "inbox"  # every connected agent; each consumer checks visibility itself


def conversation_group(conversation_id: int) -> str:
    return f"conversation-{conversation_id}"


def user_group(user_id: int) -> str:
    return f"user-{user_id}"


_lock = threading.Lock()
_adopted: asyncio.AbstractEventLoop | None = None
_own: asyncio.AbstractEventLoop | None = None


def adopt_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Send from this loop from now on: it is the one the WebSocket consumers run on."""
    global _adopted
    _adopted = loop


def _own_loop() -> asyncio.AbstractEventLoop:
    global _own
    with _lock:
        if _own is None or _own.is_closed():
            _own = asyncio.new_event_loop()
            threading.Thread(target=_own.run_forever, name="live-broadcast", daemon=True).start()
        return _own


def _target_loop() -> asyncio.AbstractEventLoop:
    adopted = _adopted
    if adopted is not None and adopted.is_running() and not adopted.is_closed():
        return adopted
    return _own_loop()


def _report(future: "Future[Any]") -> None:
    error = future.exception()
    if error is not None:
        log.warning("live event not sent: %r", error)


def send(group: str, event: dict[str, Any]) -> "Future[Any] | None":
    """Queue `event` (its "type" names the consumer method) for every member of `group`."""
    layer = get_channel_layer()
    if layer is None:
        return None
    future = asyncio.run_coroutine_threadsafe(layer.group_send(group, event), _target_loop())
    future.add_done_callback(_report)
    return future
