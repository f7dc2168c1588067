"""The one WebSocket of the agent UI: live inbox, collision notices, notifications.

Browser to server (JSON): {"type": "watch" | "heartbeat" | "typing" | "unwatch",
"conversation": id}. The page sends a heartbeat every HEARTBEAT_SECONDS while a
conversation is open and "typing" while its reply box changes; the browser forgets a
viewer it has not heard from for VIEWER_TIMEOUT_SECONDS, so a notice disappears even
when a closed tab never said goodbye. Server to browser: see docs/live.md.
"""

import asyncio
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth.models import User

from hamdel.live import broadcast
from hamdel.live.queries import unread_count
from hamdel.people.queries import agent_of
from hamdel.tickets.models import Conversation
from hamdel.tickets.queries import can_see_conversation

HEARTBEAT_SECONDS = 3  # how often live.js repeats "I am here" (docs/live.md)
VIEWER_TIMEOUT_SECONDS = 8  # after this silence live.js drops a viewer: gone within 10 s
MAX_WATCHED = 20  # conversations one connection may watch at once
NOT_STAFF = 4403  # WebSocket close code for a user who is not active staff


@database_sync_to_async  # type: ignore[untyped-decorator]  # channels ships no hints
def _agent_sees_everything(user: Any) -> bool | None:
    """None when `user` is not active staff, else whether they see every conversation."""
    agent = agent_of(user)
    return None if agent is None else agent.sees_everything


@database_sync_to_async  # type: ignore[untyped-decorator]  # likewise
def _may_see(user: User, conversation_id: int) -> bool:
    conversation = Conversation.objects.filter(pk=conversation_id).only("pk").first()
    return conversation is not None and can_see_conversation(user, conversation)


class LiveConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    user: User
    sees_everything: bool
    watching: set[int]

    async def connect(self) -> None:
        user = self.scope.get("user")
        sees_everything = await _agent_sees_everything(user)
        if sees_everything is None:
            await self.close(code=NOT_STAFF)
            return
        broadcast.adopt_loop(asyncio.get_running_loop())
        self.user, self.sees_everything, self.watching = user, sees_everything, set()
        await self.channel_layer.group_add(broadcast.INBOX, self.channel_name)
        await self.channel_layer.group_add(broadcast.user_group(user.pk), self.channel_name)
        await self.accept()
        unread = await database_sync_to_async(unread_count)(user)
        await self.send_json(
            {"type": "hello", "user": user.pk, "name": user.get_username(), "unread": unread}
        )

    async def disconnect(self, code: int) -> None:
        if not hasattr(self, "watching"):
            return  # refused at connect
        for conversation_id in list(self.watching):
            await self._unwatch(conversation_id)
        await self.channel_layer.group_discard(broadcast.INBOX, self.channel_name)
        await self.channel_layer.group_discard(
            broadcast.user_group(self.user.pk), self.channel_name
        )

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        conversation_id = content.get("conversation")
        if not isinstance(conversation_id, int) or isinstance(conversation_id, bool):
            return
        if kind == "watch":
            await self._watch(conversation_id)
        elif kind in {"heartbeat", "typing"} and conversation_id in self.watching:
            await self._announce(conversation_id, typing=kind == "typing")
        elif kind == "unwatch" and conversation_id in self.watching:
            await self._unwatch(conversation_id)

    async def _watch(self, conversation_id: int) -> None:
        if conversation_id in self.watching:
            return
        if len(self.watching) >= MAX_WATCHED or not await _may_see(self.user, conversation_id):
            await self.send_json({"type": "refused", "conversation": conversation_id})
            return
        self.watching.add(conversation_id)
        await self.channel_layer.group_add(
            broadcast.conversation_group(conversation_id), self.channel_name
        )
        await self.send_json({"type": "watching", "conversation": conversation_id})
        await self._announce(conversation_id, typing=False, arrived=True)

    async def _unwatch(self, conversation_id: int) -> None:
        self.watching.discard(conversation_id)
        group = broadcast.conversation_group(conversation_id)
        await self.channel_layer.group_discard(group, self.channel_name)
        await self.channel_layer.group_send(
            group, {"type": "live.left", "conversation": conversation_id, "user": self.user.pk}
        )

    def _viewer(self, conversation_id: int, *, typing: bool) -> dict[str, Any]:
        return {
            "type": "live.viewer",
            "conversation": conversation_id,
            "user": self.user.pk,
            "name": self.user.get_username(),
            "typing": typing,
        }

    async def _announce(self, conversation_id: int, *, typing: bool, arrived: bool = False) -> None:
        event = self._viewer(conversation_id, typing=typing)
        if arrived:
            event["reply_to"] = self.channel_name  # those already here answer at once
        await self.channel_layer.group_send(broadcast.conversation_group(conversation_id), event)

    # Handlers of group events: the method name is the event's "type" with "." as "_".

    async def live_viewer(self, event: dict[str, Any]) -> None:
        if event["user"] == self.user.pk:
            return  # the same agent in another tab is no collision
        if event.get("reply_to") and event["conversation"] in self.watching:
            answer = self._viewer(event["conversation"], typing=False)
            await self.channel_layer.send(event["reply_to"], answer)
        await self.send_json({key: value for key, value in event.items() if key != "reply_to"})

    async def live_left(self, event: dict[str, Any]) -> None:
        if event["user"] != self.user.pk:
            await self.send_json(event)

    async def live_replied(self, event: dict[str, Any]) -> None:
        if event["user"] != self.user.pk:
            await self.send_json(event)

    async def live_conversation(self, event: dict[str, Any]) -> None:
        if self.sees_everything or await _may_see(self.user, event["conversation"]):
            await self.send_json(event)

    async def live_notification(self, event: dict[str, Any]) -> None:
        await self.send_json(event)
