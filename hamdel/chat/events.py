"""Audit events of the chat app; called only from chat.actions."""

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.chat.models import ChatSession, Widget
from hamdel.tickets.models import Conversation


def widget_saved(widget: Widget, actor: User | None) -> Event:
    return record_event(
        "chat.widget_saved",
        subject_type="chatwidget",
        subject_id=widget.pk,
        actor=actor,
        data={
            "name": widget.name,
            "team": widget.team_id,
            "allowed_origins": widget.allowed_origins,
            "languages": widget.languages,
            "no_answer_seconds": widget.no_answer_seconds,
            "agent_capacity": widget.agent_capacity,
            "active": widget.is_active,
        },
    )


def _chat_event(verb: str, conversation: Conversation, actor: User | None, **data: object) -> Event:
    return record_event(
        verb,
        subject_type="conversation",
        subject_id=conversation.pk,
        actor=actor,
        customer_id=conversation.customer_id,
        conversation_id=conversation.pk,
        data=dict(data),
    )


def accepted(session: ChatSession, conversation: Conversation, actor: User) -> Event:
    return _chat_event("chat.accepted", conversation, actor, session=session.pk)


def handed(session: ChatSession, conversation: Conversation, actor: User, to_user: int) -> Event:
    return _chat_event("chat.handed", conversation, actor, session=session.pk, to=to_user)


def left_message(session: ChatSession, conversation: Conversation) -> Event:
    # The contact itself stays in the session and the customer's identities, not the trail.
    return _chat_event(
        "chat.left_message", conversation, None, session=session.pk, kind=session.contact_kind
    )
