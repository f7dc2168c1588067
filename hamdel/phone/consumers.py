"""The phone socket of the agent workspace (`/ws/phone/`): screen pops, callbacks, the
wallboard. Protocol: docs/phone.md.

Opened only from our own pages (AllowedHostsOriginValidator in routing.py) with the
agent's session; anyone else is refused at the handshake (close code 4403). Group events
carry ids only: each socket reads what its agent may see and renders it in the agent's
language and timezone, so a pop never shows another team's conversations.
"""

import asyncio
from collections import deque
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.utils import timezone, translation

from hamdel.lib.localise import zone
from hamdel.lib.registry import customer_facts
from hamdel.people.models import Agent
from hamdel.people.queries import agent_of, team_ids_of
from hamdel.phone import push, queries
from hamdel.phone.models import CallbackStatus

NOT_STAFF = 4403
WALLBOARD_DEBOUNCE_SECONDS = 0.5  # a burst of hang-ups refreshes the wallboard once
SEEN_EVENTS = 200  # events remembered to drop the copy a second group delivers


def _in_language(agent: Agent, render: Any) -> Any:
    with translation.override(agent.ui_language), timezone.override(zone(agent.timezone)):
        return render()


@database_sync_to_async  # type: ignore[untyped-decorator]  # channels ships no hints
def _agent(user: Any) -> tuple[Agent, list[int]] | None:
    agent = agent_of(user)
    return None if agent is None else (agent, team_ids_of(agent))


@database_sync_to_async  # type: ignore[untyped-decorator]
def _pop(user: User, agent: Agent, call_id: int) -> str | None:
    pop = queries.pop_for(user, call_id)
    if pop is None:
        return None

    def render() -> str:
        facts = customer_facts(pop.call.customer) if pop.call.customer else []
        context = {"pop": pop, "call": pop.call, "facts": facts}
        return render_to_string("phone/_pop.html", context)

    html: str = _in_language(agent, render)
    return html


@database_sync_to_async  # type: ignore[untyped-decorator]
def _callback(user: User, callback_id: int) -> dict[str, Any] | None:
    callback = queries.callbacks_for(user).filter(pk=callback_id).first()
    if callback is None:
        return None
    return {
        "id": callback.pk,
        "customer": callback.customer.name,
        "phone": callback.phone,
        "due_at": callback.due_at.isoformat(),
        "missed_calls": callback.missed_calls,
        "attempts": callback.attempts,
        "status": callback.status,
        "escalated": callback.escalated_at is not None,
        "open": callback.status == CallbackStatus.OPEN,
    }


@database_sync_to_async  # type: ignore[untyped-decorator]
def _wallboard(agent: Agent) -> str:
    def render() -> str:
        return render_to_string(
            "phone/_wallboard.html", {"rows": queries.wallboard_rows(timezone.now())}
        )

    html: str = _in_language(agent, render)
    return html


class PhoneConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    user: User
    agent: Agent
    groups_joined: list[str]
    watching_wallboard: bool
    refresh: "asyncio.Task[None] | None"
    seen: deque[str]

    async def connect(self) -> None:
        user = self.scope.get("user")
        found = await _agent(user)
        if found is None:
            await self.close(code=NOT_STAFF)
            return
        push.adopt_loop(asyncio.get_running_loop())
        self.user, (self.agent, team_ids) = user, found
        self.groups_joined = [push.team_group(pk) for pk in team_ids] + [push.user_group(user.pk)]
        if self.agent.sees_everything:
            self.groups_joined.append(push.SUPERVISORS)
        self.watching_wallboard, self.refresh, self.seen = False, None, deque(maxlen=SEEN_EVENTS)
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": user.pk})

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        if getattr(self, "refresh", None) is not None and self.refresh is not None:
            self.refresh.cancel()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "wallboard":
            if not self.agent.sees_everything:
                await self.send_json({"type": "refused", "what": "wallboard"})
                return
            self.watching_wallboard = True
            await self.send_json({"type": "wallboard", "html": await _wallboard(self.agent)})

    def _first_time(self, event: dict[str, Any]) -> bool:
        key = str(event.get("id", ""))
        if key in self.seen:
            return False
        self.seen.append(key)
        return True

    async def _refresh_wallboard(self) -> None:
        if not self.watching_wallboard or self.refresh is not None:
            return

        async def later() -> None:
            await asyncio.sleep(WALLBOARD_DEBOUNCE_SECONDS)
            self.refresh = None
            await self.send_json({"type": "wallboard", "html": await _wallboard(self.agent)})

        self.refresh = asyncio.ensure_future(later())

    # Handlers of group events: the method name is the event's "type" with "." as "_".

    async def phone_ringing(self, event: dict[str, Any]) -> None:
        if not self._first_time(event):
            return
        html = await _pop(self.user, self.agent, event["call"])
        if html is not None:
            await self.send_json({"type": "pop", "call": event["call"], "html": html})
        await self._refresh_wallboard()

    async def phone_ended(self, event: dict[str, Any]) -> None:
        if not self._first_time(event):
            return
        await self.send_json({"type": "ended", "call": event["call"]})
        await self._refresh_wallboard()

    async def phone_callback(self, event: dict[str, Any]) -> None:
        if not self._first_time(event):
            return
        data = await _callback(self.user, event["callback"])
        if data is not None:
            await self.send_json({"type": "callback", "change": event["change"], **data})
        await self._refresh_wallboard()

    async def phone_message(self, event: dict[str, Any]) -> None:
        if self._first_time(event):
            await self.send_json(
                {"type": "message", "message": event["message"], "change": event["change"]}
            )
