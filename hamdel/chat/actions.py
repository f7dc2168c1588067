"""Every write of the chat app: widgets, visitors' messages, taking and handing chats.

Visitors' messages enter through tickets.actions.receive_message (channel "chat", the
account `widget-<id>`, the visitor's "chat" identity, the session's conversation as the
thread hint, the client's message id as external id, so a frame sent twice after a
reconnect is stored once). Agents' replies are ordinary outbound messages: the "chat"
transport (transport.py) takes them to the visitor.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamdel.chat import events
from hamdel.chat.models import (
    LANGUAGE_CODES,
    ChatSession,
    ContactKind,
    Socket,
    SocketKind,
    Upload,
    Widget,
)
from hamdel.chat.queries import active_chats, capacity_of, open_sockets
from hamdel.people.identities import normalise_email, normalise_phone
from hamdel.people.models import Agent, Organisation
from hamdel.tickets.actions import (
    NewAttachment,
    Received,
    Sender,
    ThreadHints,
    add_message,
    assign_conversation,
    receive_message,
)
from hamdel.tickets.models import Conversation, Direction, Message

CHANNEL = "chat"
SUBJECT_LENGTH = 80  # characters of the first message that name the conversation
MAX_TEXT = 4000  # characters of one chat message
MAX_UPLOADS_PER_MESSAGE = 5
UPLOAD_MAX_AGE = timedelta(hours=1)  # a file never sent is dropped after this
STALE_SWEEP = timedelta(hours=1)  # socket rows this old are deleted as others open
WIDGET_FIELDS = (
    "name",
    "team",
    "allowed_origins",
    "languages",
    "no_answer_seconds",
    "agent_capacity",
    "is_active",
)


def upload_limit_bytes() -> int:
    """Chat files: at most 10 MB, and never above the installation's attachment limit."""
    return min(10, settings.MAX_ATTACHMENT_MB) * 1024 * 1024


def account_of(widget: Widget) -> str:
    return f"widget-{widget.pk}"


# --- widgets --------------------------------------------------------------------------------


def parse_origins(value: str | Iterable[str]) -> list[str]:
    """Origins as scheme://host[:port], one a line (or a list); anything else refused."""
    items = value.split() if isinstance(value, str) else list(value)
    origins: list[str] = []
    for item in items:
        raw = str(item).strip().rstrip("/")
        if not raw:
            continue
        parts = urlsplit(raw)
        if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path:
            raise ValidationError(
                _("“%(value)s” is not an origin such as https://www.example.com."),
                params={"value": raw},
            )
        if parts.query or parts.fragment or parts.username or parts.password:
            raise ValidationError(
                _("“%(value)s” is not an origin such as https://www.example.com."),
                params={"value": raw},
            )
        port = f":{parts.port}" if parts.port else ""
        origin = f"{parts.scheme}://{parts.hostname}{port}"
        if origin not in origins:
            origins.append(origin)
    return origins


def save_widget(widget: Widget, fields: dict[str, Any], actor: User | None) -> Widget:
    unknown = set(fields) - set(WIDGET_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Unknown field.")})
    if "allowed_origins" in fields:
        try:
            fields["allowed_origins"] = parse_origins(fields["allowed_origins"])
        except ValidationError as error:
            raise ValidationError({"allowed_origins": error.messages}) from error
    if "languages" in fields:
        languages = [str(code) for code in fields["languages"]]
        if any(code not in LANGUAGE_CODES for code in languages):
            raise ValidationError(
                {"languages": _("Choose among English, Persian, Turkish and Russian.")}
            )
        fields["languages"] = list(dict.fromkeys(languages))
    if "name" in fields and not str(fields["name"]).strip():
        raise ValidationError({"name": _("A widget needs a name.")})
    for number in ("no_answer_seconds", "agent_capacity"):
        if number in fields and not 1 <= int(fields[number]) <= 3600:
            raise ValidationError({number: _("Choose a number from 1 to 3600.")})
    for name, value in fields.items():
        setattr(widget, name, value)
    if widget.team_id is None:
        raise ValidationError({"team": _("A widget needs a team.")})
    with transaction.atomic():
        widget.save()
        events.widget_saved(widget, actor)
    return widget


# --- sockets --------------------------------------------------------------------------------


def open_socket(
    channel_name: str, kind: str, address: str, *, visitor: str = "", agent: Agent | None = None
) -> int:
    """Record an open socket; returns how many open sockets its address now has."""
    Socket.objects.create(
        channel_name=channel_name, kind=kind, address=address, visitor=visitor, agent=agent
    )
    # Rows of stopped processes only slow the counts down; each open sweeps a few.
    old = Socket.objects.filter(seen_at__lt=timezone.now() - STALE_SWEEP)
    stale_ids = list(old.values_list("pk", flat=True)[:50])
    if stale_ids:
        Socket.objects.filter(pk__in=stale_ids).delete()
    return open_sockets().filter(address=address).count()


def claim_socket(channel_name: str, visitor: str) -> None:
    """The socket's first frame named its visitor."""
    Socket.objects.filter(channel_name=channel_name).update(visitor=visitor)


def touch_socket(channel_name: str) -> None:
    Socket.objects.filter(channel_name=channel_name).update(seen_at=timezone.now())


def close_socket(channel_name: str) -> None:
    Socket.objects.filter(channel_name=channel_name).delete()


# --- visitors -------------------------------------------------------------------------------


def session_for(widget: Widget, visitor: str, language: str) -> ChatSession:
    session = ChatSession.objects.filter(visitor=visitor).first()
    if session is not None:
        return session
    try:
        with transaction.atomic():
            return ChatSession.objects.create(widget=widget, visitor=visitor, language=language)
    except IntegrityError:  # the same visitor's other tab created it since
        return ChatSession.objects.get(visitor=visitor)


@dataclass(frozen=True)
class Posted:
    session: ChatSession
    received: Received


def _subject_of(text: str, fallback: str) -> str:
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not first_line:
        return fallback
    if len(first_line) <= SUBJECT_LENGTH:
        return first_line
    return first_line[: SUBJECT_LENGTH - 1].rstrip() + "…"


def _attachments(session: ChatSession, upload_ids: Sequence[int]) -> list[Upload]:
    if len(upload_ids) > MAX_UPLOADS_PER_MESSAGE:
        raise ValidationError({"files": _("Send at most five files with one message.")})
    uploads = list(Upload.objects.filter(session=session, pk__in=list(upload_ids)))
    if len(uploads) != len(set(upload_ids)):
        raise ValidationError({"files": _("A file of this message is no longer here.")})
    return uploads


def post_visitor_message(
    widget: Widget,
    visitor: str,
    language: str,
    text: str,
    client_id: str,
    upload_ids: Sequence[int] = (),
    contact: tuple[str, str] | None = None,
) -> Posted:
    """Store one visitor message (idempotent on the client's id); see the module docstring."""
    text = text[:MAX_TEXT]
    session = session_for(widget, visitor, language)
    uploads = _attachments(session, upload_ids)
    identities = [(CHANNEL, visitor), *([contact] if contact else [])]
    with _language(language):
        name = _("Chat visitor")
        fallback = _("Chat")
    received = receive_message(
        channel=CHANNEL,
        account=account_of(widget),
        external_id=f"{visitor}:{client_id}",
        sender=Sender(identities, name=name, language=language),
        body_text=text,
        subject=_subject_of(text, fallback),
        hints=ThreadHints(conversation_id=session.conversation_id)
        if session.conversation_id
        else ThreadHints(continue_open=True),
        attachments=[
            NewAttachment(upload.filename, upload.content_type, bytes(upload.content))
            for upload in uploads
        ],
        team=widget.team,
    )
    changes: dict[str, Any] = {}
    if session.conversation_id != received.conversation.pk:
        # A first message, or the earlier conversation was closed: a new one opened.
        changes.update(
            conversation=received.conversation,
            first_message_at=received.message.created_at,
            agent=None,
            accepted_at=None,
        )
    if session.left_at is not None:
        changes["left_at"] = None
    if changes:
        for field, value in changes.items():
            setattr(session, field, value)
        session.save(update_fields=list(changes))
    if uploads:
        Upload.objects.filter(pk__in=[upload.pk for upload in uploads]).delete()
    return Posted(session, received)


def read_contact(raw: str) -> tuple[str, str]:
    """One contact as the visitor typed it: an email address or a phone number."""
    raw = raw.strip()[:254]
    if "@" in raw:
        return ContactKind.EMAIL, normalise_email(raw)
    if not raw:
        raise ValidationError({"contact": _("Give an email address or a phone number.")})
    return ContactKind.PHONE, normalise_phone(raw, Organisation.load().phone_region)


def leave_message(
    widget: Widget, visitor: str, language: str, contact_raw: str, text: str, client_id: str
) -> Posted:
    """Nobody can answer now: the message and one contact, answered by email or SMS."""
    try:
        kind, contact = read_contact(contact_raw)
    except ValidationError as error:
        raise ValidationError({"contact": error.messages}) from error
    posted = post_visitor_message(
        widget, visitor, language, text, client_id, contact=(kind, contact)
    )
    session = posted.session
    if (session.contact_kind, session.contact) != (kind, contact):
        with transaction.atomic():
            session.contact_kind, session.contact = kind, contact
            session.save(update_fields=["contact_kind", "contact"])
            events.left_message(session, posted.received.conversation)
    return posted


def visitor_left(visitor: str) -> None:
    ChatSession.objects.filter(visitor=visitor, left_at__isnull=True).update(left_at=timezone.now())


def mark_read(session_id: int, side: str, upto: int) -> None:
    """Read receipts only move forward."""
    field = "visitor_read_upto" if side == SocketKind.VISITOR else "agent_read_upto"
    ChatSession.objects.filter(pk=session_id).update(**{field: Greatest(F(field), upto)})


def store_upload(session: ChatSession, filename: str, content_type: str, content: bytes) -> Upload:
    if len(content) > upload_limit_bytes():
        raise ValidationError(
            {
                "file": _("This file is too large: send files up to %(mb)s MB.")
                % {"mb": upload_limit_bytes() // (1024 * 1024)}
            }
        )
    if not content:
        raise ValidationError({"file": _("This file is empty.")})
    Upload.objects.filter(created_at__lt=timezone.now() - UPLOAD_MAX_AGE).delete()
    return Upload.objects.create(
        session=session,
        filename=filename[:255] or "file",
        content_type=content_type[:100] or "application/octet-stream",
        content=content,
    )


# --- agents ---------------------------------------------------------------------------------


def accept_chat(session: ChatSession, agent: Agent) -> ChatSession:
    """The agent takes a waiting chat, if nobody has and they have room for it."""
    if session.conversation is None:
        raise ValidationError({"chat": _("This chat has no message yet.")})
    if not agent.sees_everything and not agent.teams.filter(pk=session.widget.team_id).exists():
        raise ValidationError({"chat": _("This chat belongs to another team.")})
    if active_chats(agent).count() >= capacity_of(agent, session.widget.agent_capacity):
        raise ValidationError({"chat": _("You are at your chat capacity.")})
    with transaction.atomic():
        taken = ChatSession.objects.filter(pk=session.pk, agent__isnull=True).update(
            agent=agent, accepted_at=timezone.now()
        )
        if not taken:
            raise ValidationError({"chat": _("A colleague has taken this chat.")})
        session.refresh_from_db()
        assign_conversation(session.conversation, agent.user, assignee=agent.user)
        events.accepted(session, session.conversation, agent.user)
    return session


def hand_chat(session: ChatSession, by: Agent, to: Agent) -> ChatSession:
    """Hand a chat to a colleague of the widget's team."""
    if session.conversation is None or session.agent_id != by.pk and not by.sees_everything:
        raise ValidationError({"chat": _("Only the agent who holds this chat can hand it on.")})
    if not to.user.is_active or not to.teams.filter(pk=session.widget.team_id).exists():
        raise ValidationError({"to": _("Hand the chat to an active colleague of its team.")})
    with transaction.atomic():
        ChatSession.objects.filter(pk=session.pk).update(agent=to, accepted_at=timezone.now())
        session.refresh_from_db()
        assign_conversation(session.conversation, by.user, assignee=to.user)
        events.handed(session, session.conversation, by.user, to.user.pk)
    return session


def reply(conversation: Conversation, agent: Agent, text: str) -> Message:
    """An agent's chat reply: an outbound message the chat transport pushes."""
    return add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text=text[:MAX_TEXT],
        channel=CHANNEL,
        author_agent=agent.user,
        actor=agent.user,
    )


def _language(language: str) -> Any:
    return translation.override(language or None)
