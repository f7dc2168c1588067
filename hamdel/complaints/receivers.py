"""How complaints hear tickets: a conversation that opens as (or becomes) a complaint goes
to the desk; solving one needs its root cause; reopening one is counted."""

from typing import Any

from django.contrib.auth.models import User

from hamdel.complaints import actions
from hamdel.tickets.models import Category, Conversation, Message


def on_message_added(sender: Any, message: Message, actor: User | None, **kwargs: Any) -> None:
    conversation = message.conversation
    # Only a complaint's messages cost a query; opening one creates its record.
    if conversation.category == Category.COMPLAINT and not hasattr(conversation, "_complaint_seen"):
        actions.open_complaint(conversation, actor, message)
        conversation._complaint_seen = True  # type: ignore[attr-defined]


def on_conversation_changed(
    sender: Any,
    conversation: Conversation,
    changes: dict[str, tuple[Any, Any]],
    actor: User | None,
    **kwargs: Any,
) -> None:
    category = changes.get("category")
    if category is not None and category[1] == Category.COMPLAINT:
        actions.open_complaint(conversation, actor)
    status = changes.get("status")
    if status is not None and conversation.category == Category.COMPLAINT:
        actions.record_status(conversation, status[0], status[1], actor)


def on_status_changing(
    sender: Any, conversation: Conversation, old: str, new: str, actor: User | None, **kwargs: Any
) -> None:
    actions.refuse_unrecorded_solve(conversation, new)
