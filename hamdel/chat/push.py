"""Sending to chat sockets from synchronous code (the transport, in a job).

As hamdel.live.broadcast does (chat may not import it: a sibling): in the process that
serves the sockets, send on the server's own loop (adopted by the consumers), which the
in-memory layer of `hamdel run` needs; elsewhere (a worker on the Redis layer) on one
loop thread of our own. Unlike live's sends, the transport waits for the send, so a
message is marked delivered only once the layer took it.
"""

import asyncio
import threading
from typing import Any

from channels.layers import get_channel_layer

SEND_TIMEOUT_SECONDS = 10  # well within tickets' ATTEMPT_LEASE


def visitor_group(visitor: str) -> str:
    return f"chat-visitor-{visitor}"


def conversation_group(conversation_id: int) -> str:
    """The agents' sockets that show this chat."""
    return f"chat-conversation-{conversation_id}"


def team_group(team_id: int) -> str:
    """Every agent chat socket of a team: offers of new chats ring there."""
    return f"chat-team-{team_id}"


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
            threading.Thread(target=_own.run_forever, name="chat-push", daemon=True).start()
        return _own


def send(group: str, event: dict[str, Any]) -> None:
    """Hand `event` to every socket of `group`; raises if the layer did not take it."""
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer is configured")
    future = asyncio.run_coroutine_threadsafe(layer.group_send(group, event), _loop())
    future.result(timeout=SEND_TIMEOUT_SECONDS)


def agent_group(agent_id: int) -> str:
    """Every chat desk socket of one agent (a chat handed to them arrives there)."""
    return f"chat-agent-{agent_id}"
