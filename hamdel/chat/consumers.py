"""The chat sockets: a visitor's widget (`/ws/chat/<widget>/`) and an agent's chat desk
(`/ws/chat/agent/`). Protocol and close codes: docs/chat.md.

The visitor socket is opened from the customer's site, so it checks the Origin against
the widget's allowed origins itself (the handshake is refused otherwise) and knows the
visitor only by the signed token of its first frame. Every message is stored through
chat.actions (receive_message) before anything is pushed: a reload loses nothing.
"""

import asyncio
import json
import re
import time
from datetime import timedelta
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.exceptions import ValidationError
from django.utils import timezone

from hamdel.chat import actions, limits, push, queries, tokens
from hamdel.chat.models import AgentChatSettings, ChatSession, SocketKind, Widget
from hamdel.people.actions import set_presence
from hamdel.people.models import Agent, Presence
from hamdel.people.queries import agent_of
from hamdel.tickets.models import Direction, Message

CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
RECOUNT_SECONDS = 2.0  # how stale an agent's count of held chats may be when rung


def _problem(error: ValidationError) -> str:
    return " ".join(error.messages)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class JsonSocket(AsyncWebsocketConsumer):  # type: ignore[misc]  # channels ships no hints
    """Text frames of JSON objects within MAX_FRAME_BYTES, else closed with a clear code."""

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None:
            await self.close(code=limits.PROTOCOL_ERROR)
            return
        if len(text_data.encode()) > limits.MAX_FRAME_BYTES:
            await self.close(code=limits.FRAME_TOO_LARGE)
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            content = None
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.close(code=limits.PROTOCOL_ERROR)
            return
        await self.receive_json(content)

    async def receive_json(self, content: dict[str, Any]) -> None:
        raise NotImplementedError

    async def send_json(self, content: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(content, ensure_ascii=False))


# --- the visitor's socket -------------------------------------------------------------------


@database_sync_to_async  # type: ignore[untyped-decorator]
def _rate_exceeded(conversation_id: int | None) -> bool:
    if conversation_id is None:
        return False
    since = timezone.now() - timedelta(seconds=limits.RATE_WINDOW_SECONDS)
    recent = Message.objects.filter(
        conversation_id=conversation_id, direction=Direction.INBOUND, created_at__gte=since
    )
    return recent.count() >= limits.MESSAGES_PER_WINDOW


def _welcome(widget: Widget, visitor: str) -> dict[str, Any]:
    session = queries.session_of(visitor)
    welcome: dict[str, Any] = {
        "availability": queries.availability(widget),
        "messages": [],
        "agent": "",
        "contact_given": False,
        "read_upto": 0,
        "waiting_seconds": None,
    }
    if session is None or session.conversation is None:
        return welcome
    welcome.update(
        messages=queries.history(session.conversation.pk),
        contact_given=bool(session.contact),
        read_upto=session.agent_read_upto,
    )
    if session.agent is not None:
        welcome["agent"] = session.agent.user.first_name or session.agent.user.get_username()
    elif session.first_message_at is not None and not session.contact:
        welcome["waiting_seconds"] = (timezone.now() - session.first_message_at).total_seconds()
    return welcome


def _offer(session: ChatSession) -> dict[str, Any]:
    conversation = session.conversation
    if conversation is None:
        raise ValueError("a chat is offered once it has a message")
    return {
        "session": session.pk,
        "conversation": conversation.pk,
        "number": conversation.number,
        "subject": conversation.subject,
        "language": session.language,
        "widget": session.widget.name,
        "capacity": session.widget.agent_capacity,
    }


class VisitorConsumer(JsonSocket):
    widget: Widget
    visitor: str = ""
    language: str = ""
    session_id: int | None = None
    conversation_id: int | None = None
    accepted: bool = False
    contact_given: bool = False
    timer: "asyncio.Task[None] | None" = None
    last_typing: float = 0.0

    async def connect(self) -> None:
        widget = await database_sync_to_async(queries.active_widget)(
            self.scope["url_route"]["kwargs"]["widget"]
        )
        origin = limits.header(self.scope, b"origin")
        if widget is not None and origin not in widget.allowed_origins:
            await self.close(code=limits.ORIGIN_REFUSED)  # before accept: the handshake fails
            return
        await self.accept()
        if widget is None:
            await self.close(code=limits.UNKNOWN_WIDGET)
            return
        self.widget = widget
        push.adopt_loop(asyncio.get_running_loop())
        count = await database_sync_to_async(actions.open_socket)(
            self.channel_name, SocketKind.VISITOR, limits.address_of(self.scope)
        )
        if count > limits.MAX_SOCKETS_PER_ADDRESS:
            await self.close(code=limits.TOO_MANY_SOCKETS)

    async def disconnect(self, code: int) -> None:
        if self.timer is not None:
            self.timer.cancel()
        await database_sync_to_async(actions.close_socket)(self.channel_name)
        if not self.visitor:
            return
        await self.channel_layer.group_discard(push.visitor_group(self.visitor), self.channel_name)
        still_here = await database_sync_to_async(queries.visitor_is_here)(self.visitor)
        if not still_here:
            await database_sync_to_async(actions.visitor_left)(self.visitor)
            if self.conversation_id is not None:
                await self._to_agents({"type": "chat.visitor", "here": False})

    async def receive_json(self, content: dict[str, Any]) -> None:
        kind = content["type"]
        if not self.visitor:
            if kind != "start":
                await self.close(code=limits.PROTOCOL_ERROR)
                return
            await self._start(content)
        elif kind == "message":
            await self._message(content)
        elif kind == "leave":
            await self._leave(content)
        elif kind == "typing":
            await self._typing()
        elif kind == "read":
            await self._read(content)
        elif kind == "ping":
            await database_sync_to_async(actions.touch_socket)(self.channel_name)
            await self.send_json({"type": "pong"})

    async def _start(self, content: dict[str, Any]) -> None:
        found = tokens.read(content.get("token", ""), self.widget.pk)
        visitor = found or tokens.new_visitor(self.widget.pk)
        self.visitor = visitor.visitor
        self.language = self.widget.language_for(str(content.get("language", "")))
        await database_sync_to_async(actions.claim_socket)(self.channel_name, self.visitor)
        await self.channel_layer.group_add(push.visitor_group(self.visitor), self.channel_name)
        welcome = await database_sync_to_async(_welcome)(self.widget, self.visitor)
        session = await database_sync_to_async(queries.session_of)(self.visitor)
        if session is not None:
            self.session_id, self.conversation_id = session.pk, session.conversation_id
            self.accepted, self.contact_given = session.agent_id is not None, bool(session.contact)
        await self.send_json(
            {
                "type": "welcome",
                "token": tokens.issue(visitor),
                "resumed": found is not None and session is not None,
                "language": self.language,
                "languages": self.widget.offered_languages,
                "no_answer_seconds": self.widget.no_answer_seconds,
                **welcome,
            }
        )
        if welcome["waiting_seconds"] is not None:
            self._wait_for_agent(self.widget.no_answer_seconds - welcome["waiting_seconds"])
        if self.conversation_id is not None:
            await self._to_agents({"type": "chat.visitor", "here": True})

    async def _message(self, content: dict[str, Any]) -> None:
        client_id, text = content.get("id"), content.get("text", "")
        files = content.get("files", [])
        if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
            await self.close(code=limits.PROTOCOL_ERROR)
            return
        if not isinstance(text, str) or not isinstance(files, list):
            await self.close(code=limits.PROTOCOL_ERROR)
            return
        if await _rate_exceeded(self.conversation_id):
            await self.close(code=limits.TOO_MANY_MESSAGES)
            return
        upload_ids = [number for number in files if _int(number) is not None]
        try:
            posted = await database_sync_to_async(actions.post_visitor_message)(
                self.widget, self.visitor, self.language, text, client_id, upload_ids
            )
        except ValidationError as error:
            await self.send_json({"type": "error", "id": client_id, "message": _problem(error)})
            return
        await self._posted(posted, client_id)
        if not self.accepted and not self.contact_given:
            await self._offer_to_agents(posted.session)
            if self.timer is None:
                self._wait_for_agent(self.widget.no_answer_seconds)

    async def _posted(self, posted: actions.Posted, client_id: str) -> None:
        session = posted.session
        if self.conversation_id != session.conversation_id:
            self.accepted = False
        self.session_id, self.conversation_id = session.pk, session.conversation_id
        message = await database_sync_to_async(queries.as_event)(posted.received.message)
        await self.send_json({"type": "stored", "id": client_id, "message": message})
        if not posted.received.duplicate:
            await self._to_agents({"type": "chat.message", "message": message})

    async def _leave(self, content: dict[str, Any]) -> None:
        client_id, text = content.get("id"), content.get("text", "")
        contact = content.get("contact", "")
        if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
            await self.close(code=limits.PROTOCOL_ERROR)
            return
        if not isinstance(text, str) or not isinstance(contact, str):
            await self.close(code=limits.PROTOCOL_ERROR)
            return
        if await _rate_exceeded(self.conversation_id):
            await self.close(code=limits.TOO_MANY_MESSAGES)
            return
        try:
            posted = await database_sync_to_async(actions.leave_message)(
                self.widget, self.visitor, self.language, contact, text, client_id
            )
        except ValidationError as error:
            await self.send_json({"type": "error", "id": client_id, "message": _problem(error)})
            return
        self.contact_given = True
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        await self._posted(posted, client_id)
        await self.send_json({"type": "left", "contact_kind": posted.session.contact_kind})

    async def _typing(self) -> None:
        now = time.monotonic()
        if self.conversation_id is None or now - self.last_typing < limits.TYPING_EVERY_SECONDS:
            return
        self.last_typing = now
        await self._to_agents({"type": "chat.typing"})

    async def _read(self, content: dict[str, Any]) -> None:
        upto = _int(content.get("upto"))
        if upto is None or self.session_id is None:
            return
        await database_sync_to_async(actions.mark_read)(self.session_id, SocketKind.VISITOR, upto)
        await self._to_agents({"type": "chat.read", "upto": upto})

    async def _to_agents(self, event: dict[str, Any]) -> None:
        if self.conversation_id is None:
            return
        event = {**event, "conversation": self.conversation_id, "session": self.session_id}
        await self.channel_layer.group_send(push.conversation_group(self.conversation_id), event)

    async def _offer_to_agents(self, session: ChatSession) -> None:
        offer = await database_sync_to_async(_offer)(session)
        await self.channel_layer.group_send(
            push.team_group(self.widget.team_id), {"type": "chat.offer", **offer}
        )

    def _wait_for_agent(self, seconds: float) -> None:
        async def wait() -> None:
            await asyncio.sleep(max(seconds, 0))
            session = await database_sync_to_async(queries.session_of)(self.visitor)
            if session is not None and session.agent_id is None and not session.contact:
                await self.send_json({"type": "no_answer"})

        self.timer = asyncio.ensure_future(wait())

    # Events from agents (their socket) and from the transport (replies).

    async def chat_reply(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "message", "message": event["message"]})

    async def chat_joined(self, event: dict[str, Any]) -> None:
        self.accepted = True
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        await self.send_json({"type": "agent", "name": event["name"]})

    async def chat_agent_typing(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "typing"})

    async def chat_agent_read(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "read", "upto": event["upto"]})


# --- the agent's chat desk ------------------------------------------------------------------


def _desk(agent: Agent) -> dict[str, Any]:
    chats = [
        {**_offer(session), "messages": queries.history(session.conversation_id or 0)}
        for session in queries.active_chats(agent)
    ]
    waiting = [_offer(session) for session in queries.waiting_chats(agent)]
    team_ids = list(agent.teams.values_list("pk", flat=True))
    own = AgentChatSettings.objects.filter(agent=agent).values_list("capacity", flat=True).first()
    return {
        "own_capacity": own,
        "chats": chats,
        "waiting": waiting,
        "teams": team_ids,
        "available": agent.presence == Presence.AVAILABLE,
    }


def _load_of(agent: Agent) -> int:
    return queries.active_chats(agent).count()


def _session(session_id: int) -> ChatSession | None:
    return (
        ChatSession.objects.select_related("conversation", "widget", "agent__user")
        .filter(pk=session_id)
        .first()
    )


def _holds(agent: Agent, session: ChatSession | None) -> bool:
    return (
        session is not None
        and session.conversation_id is not None
        and (session.agent_id == agent.pk or agent.sees_everything)
    )


def _agent_name(agent: Agent) -> str:
    return agent.user.first_name or agent.user.get_username()


class AgentConsumer(JsonSocket):
    agent: Agent
    own_capacity: int | None  # the agent's own chat capacity, else each widget's default
    holding: int = 0  # chats the agent holds, as last counted
    counted_at: float = float("-inf")  # time.monotonic() of that count
    teams: list[int]
    showing: set[int]  # conversation ids whose group this socket is in

    async def connect(self) -> None:
        agent = await database_sync_to_async(agent_of)(self.scope.get("user"))
        if agent is None:
            await self.close(code=limits.ORIGIN_REFUSED)
            return
        self.agent, self.showing = agent, set()
        push.adopt_loop(asyncio.get_running_loop())
        await self.accept()
        await database_sync_to_async(actions.open_socket)(
            self.channel_name, SocketKind.AGENT, limits.address_of(self.scope), agent=agent
        )
        desk = await database_sync_to_async(_desk)(agent)
        self.teams, self.own_capacity = desk["teams"], desk.pop("own_capacity")
        for team_id in self.teams:
            await self.channel_layer.group_add(push.team_group(team_id), self.channel_name)
        await self.channel_layer.group_add(push.agent_group(agent.pk), self.channel_name)
        for chat in desk["chats"]:
            await self._show(chat["conversation"])
        await self.send_json({"type": "hello", "name": _agent_name(agent), **desk})

    async def disconnect(self, code: int) -> None:
        if not hasattr(self, "showing"):
            return
        await database_sync_to_async(actions.close_socket)(self.channel_name)
        for team_id in getattr(self, "teams", []):
            await self.channel_layer.group_discard(push.team_group(team_id), self.channel_name)
        await self.channel_layer.group_discard(push.agent_group(self.agent.pk), self.channel_name)
        for conversation_id in list(self.showing):
            await self.channel_layer.group_discard(
                push.conversation_group(conversation_id), self.channel_name
            )

    async def _show(self, conversation_id: int) -> None:
        self.showing.add(conversation_id)
        await self.channel_layer.group_add(
            push.conversation_group(conversation_id), self.channel_name
        )

    async def receive_json(self, content: dict[str, Any]) -> None:
        kind = content["type"]
        if kind == "ping":
            await database_sync_to_async(actions.touch_socket)(self.channel_name)
            await self.send_json({"type": "pong"})
        elif kind == "presence":
            available = bool(content.get("available"))
            presence = Presence.AVAILABLE if available else Presence.AWAY
            await database_sync_to_async(set_presence)(self.agent, presence)
            await self.send_json({"type": "presence", "available": available})
            return
        session_id = _int(content.get("session"))
        session = await database_sync_to_async(_session)(session_id) if session_id else None
        if session is None:
            return
        if kind == "accept":
            await self._accept(session)
        elif not _holds(self.agent, session):
            await self.send_json({"type": "refused", "session": session.pk})
        elif kind == "reply":
            await self._reply(session, content)
        elif kind == "typing":
            await self.channel_layer.group_send(
                push.visitor_group(session.visitor), {"type": "chat.agent_typing"}
            )
        elif kind == "read":
            await self._read(session, content)
        elif kind == "hand":
            await self._hand(session, content)

    async def _accept(self, session: ChatSession) -> None:
        try:
            session = await database_sync_to_async(actions.accept_chat)(session, self.agent)
        except ValidationError as error:
            await self.send_json(
                {"type": "refused", "session": session.pk, "message": _problem(error)}
            )
            return
        await self._show(session.conversation_id or 0)
        self.counted_at = float("-inf")
        chat = await database_sync_to_async(_chat)(session)
        await self.send_json({"type": "accepted", **chat})
        await self._taken(session)

    async def _taken(self, session: ChatSession) -> None:
        await self.channel_layer.group_send(
            push.team_group(session.widget.team_id),
            {"type": "chat.taken", "session": session.pk, "by": self.agent.pk},
        )
        name = await database_sync_to_async(lambda: _agent_name(session.agent))()  # type: ignore[arg-type]
        await self.channel_layer.group_send(
            push.visitor_group(session.visitor), {"type": "chat.joined", "name": name}
        )

    async def _reply(self, session: ChatSession, content: dict[str, Any]) -> None:
        text = content.get("text")
        if not isinstance(text, str) or not text.strip() or session.conversation is None:
            return
        try:
            message = await database_sync_to_async(actions.reply)(
                session.conversation, self.agent, text
            )
        except ValidationError as error:
            await self.send_json(
                {"type": "error", "session": session.pk, "message": _problem(error)}
            )
            return
        event = await database_sync_to_async(queries.as_event)(message)
        await self.channel_layer.group_send(
            push.conversation_group(session.conversation.pk),
            {
                "type": "chat.message",
                "conversation": session.conversation.pk,
                "session": session.pk,
                "message": event,
            },
        )

    async def _read(self, session: ChatSession, content: dict[str, Any]) -> None:
        upto = _int(content.get("upto"))
        if upto is None:
            return
        await database_sync_to_async(actions.mark_read)(session.pk, SocketKind.AGENT, upto)
        await self.channel_layer.group_send(
            push.visitor_group(session.visitor), {"type": "chat.agent_read", "upto": upto}
        )

    async def _hand(self, session: ChatSession, content: dict[str, Any]) -> None:
        to_id = _int(content.get("to")) or 0
        to = await database_sync_to_async(
            lambda: Agent.objects.select_related("user").filter(pk=to_id).first()
        )()
        if to is None:
            await self.send_json({"type": "refused", "session": session.pk})
            return
        try:
            session = await database_sync_to_async(actions.hand_chat)(session, self.agent, to)
        except ValidationError as error:
            await self.send_json(
                {"type": "refused", "session": session.pk, "message": _problem(error)}
            )
            return
        chat = await database_sync_to_async(_chat)(session)
        await self.channel_layer.group_send(
            push.agent_group(to.pk), {"type": "chat.handed", "to": to.pk, **chat}
        )
        self.counted_at = float("-inf")
        await self.send_json({"type": "handed_off", "session": session.pk})
        await self._taken(session)

    # Group events.

    async def chat_offer(self, event: dict[str, Any]) -> None:
        # Every agent of the team hears each new chat, so a burst of them must not cost a
        # query each: the agent's load is counted again at most every RECOUNT_SECONDS (and
        # after each take or hand-over); accept_chat checks the capacity for certain.
        now = time.monotonic()
        if now - self.counted_at > RECOUNT_SECONDS:
            self.holding = await database_sync_to_async(_load_of)(self.agent)
            self.counted_at = now
        if self.holding < (self.own_capacity or event["capacity"]):
            await self.send_json({**event, "type": "offer"})

    async def chat_taken(self, event: dict[str, Any]) -> None:
        await self.send_json({**event, "type": "taken"})

    async def chat_handed(self, event: dict[str, Any]) -> None:
        if event["to"] == self.agent.pk:
            self.counted_at = float("-inf")
            await self._show(event["conversation"])
            await self.send_json({**event, "type": "handed"})

    async def chat_message(self, event: dict[str, Any]) -> None:
        await self.send_json({**event, "type": "message"})

    async def chat_typing(self, event: dict[str, Any]) -> None:
        await self.send_json({**event, "type": "typing"})

    async def chat_read(self, event: dict[str, Any]) -> None:
        await self.send_json({**event, "type": "read"})

    async def chat_visitor(self, event: dict[str, Any]) -> None:
        await self.send_json({**event, "type": "visitor"})


def _chat(session: ChatSession) -> dict[str, Any]:
    return {**_offer(session), "messages": queries.history(session.conversation_id or 0)}
