"""Reads of the chat app: who can take a chat now, each agent's load, a chat's history."""

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from hamdel.chat.models import AgentChatSettings, ChatSession, Socket, SocketKind, Widget
from hamdel.people.models import Agent, Presence
from hamdel.sla.calendars import business_seconds_between
from hamdel.sla.models import TeamCalendar
from hamdel.sla.queries import business_calendar_of
from hamdel.tickets.models import FINISHED, Direction, Message

# A socket not heard from for this long belonged to a process that stopped (the widget
# and the desk ping every 25 s).
STALE = timedelta(seconds=90)
HISTORY = 200  # newest messages a resumed chat shows


class Availability:
    OPEN = "open"
    NOBODY = "nobody"  # no agent of the team is available with the chat desk open
    CLOSED = "closed"  # outside the team's business hours


def active_widget(widget_id: int) -> Widget | None:
    return Widget.objects.select_related("team").filter(pk=widget_id, is_active=True).first()


def open_sockets() -> QuerySet[Socket]:
    return Socket.objects.filter(seen_at__gte=timezone.now() - STALE)


def is_open_now(widget: Widget) -> bool:
    """Whether the team's business calendar is open at this second (no calendar: always)."""
    link = TeamCalendar.objects.select_related("calendar").filter(team_id=widget.team_id).first()
    if link is None:
        return True
    now = timezone.now()
    calendar = business_calendar_of(link.calendar)
    return business_seconds_between(calendar, now, now + timedelta(seconds=1)) > 0


def available_agents(widget: Widget) -> QuerySet[Agent]:
    """Agents of the widget's team, present as available, with the chat desk open."""
    connected = open_sockets().filter(kind=SocketKind.AGENT).values("agent_id")
    return Agent.objects.filter(
        teams=widget.team_id,
        presence=Presence.AVAILABLE,
        user__is_active=True,
        pk__in=connected,
    ).distinct()


def availability(widget: Widget) -> str:
    if not is_open_now(widget):
        return Availability.CLOSED
    if not available_agents(widget).exists():
        return Availability.NOBODY
    return Availability.OPEN


def capacity_of(agent: Agent, widget_default: int) -> int:
    own = AgentChatSettings.objects.filter(agent=agent).values_list("capacity", flat=True).first()
    return own if own is not None else widget_default


def active_chats(agent: Agent) -> QuerySet[ChatSession]:
    """The chats an agent holds now: taken by them and their conversation unfinished."""
    return (
        ChatSession.objects.filter(agent=agent, conversation__isnull=False)
        .exclude(conversation__status__in=FINISHED)
        .select_related("conversation", "widget")
        .order_by("accepted_at")
    )


def waiting_chats(agent: Agent) -> QuerySet[ChatSession]:
    """Chats of the agent's teams that nobody has taken yet and whose visitor is still here."""
    here = open_sockets().filter(kind=SocketKind.VISITOR).values("visitor")
    return (
        ChatSession.objects.filter(
            widget__team__in=agent.teams.all(),
            agent__isnull=True,
            conversation__isnull=False,
            visitor__in=here,
        )
        .exclude(conversation__status__in=FINISHED)
        .select_related("conversation", "widget")
        .order_by("first_message_at")
    )


def visitor_is_here(visitor: str) -> bool:
    return open_sockets().filter(kind=SocketKind.VISITOR, visitor=visitor).exists()


def session_of(visitor: str) -> ChatSession | None:
    return (
        ChatSession.objects.select_related("conversation", "agent__user")
        .filter(visitor=visitor)
        .first()
    )


def session_of_conversation(conversation_id: int) -> ChatSession | None:
    return (
        ChatSession.objects.select_related("conversation", "agent__user", "widget")
        .filter(conversation_id=conversation_id)
        .order_by("-pk")
        .first()
    )


def as_event(message: Message) -> dict[str, Any]:
    """A message as the widget and the desk show it."""
    author = ""
    if message.direction == Direction.OUTBOUND and message.author_agent is not None:
        author = message.author_agent.first_name or message.author_agent.get_username()
    return {
        "id": message.pk,
        "direction": message.direction,
        "text": message.body_text,
        "at": message.created_at.isoformat(),
        "files": [attachment.filename for attachment in message.attachments.all()],
        "author": author,
        "client_id": message.external_id.partition(":")[2]
        if message.direction == Direction.INBOUND
        else "",
    }


def history(conversation_id: int) -> list[dict[str, Any]]:
    messages = (
        Message.objects.filter(conversation_id=conversation_id)
        .select_related("author_agent")
        .prefetch_related("attachments")
        .order_by("-created_at", "-pk")[:HISTORY]
    )
    return [as_event(message) for message in reversed(list(messages))]
