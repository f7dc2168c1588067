"""What staffing hears: new work to route, work finished, agents signing in and out."""

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest

from hamdel.people.models import Agent, Presence
from hamdel.promises.models import Kind, Promise
from hamdel.staffing import actions
from hamdel.tickets.models import FINISHED, Conversation, Direction, Message


def on_message_added(sender: Any, message: Message, automatic: bool = False, **kwargs: Any) -> None:
    if message.direction == Direction.INBOUND and not automatic:
        actions.enqueue_conversation(message.conversation)


def on_conversation_changed(
    sender: Any,
    conversation: Conversation,
    changes: dict[str, tuple[Any, Any]],
    actor: User | None = None,
    **kwargs: Any,
) -> None:
    if "status" in changes and changes["status"][1] in FINISHED:
        actions.finish_items(conversation_id=conversation.pk)
    elif "assignee" in changes and changes["assignee"][1] is not None and actor is not None:
        actions.finish_items(conversation_id=conversation.pk)  # someone took it by hand
    elif "team" in changes and conversation.assignee_id is None:
        actions.finish_items(conversation_id=conversation.pk)
        actions.enqueue_conversation(conversation)


def on_promise_changed(sender: Any, promise: Promise, change: str, **kwargs: Any) -> None:
    if change in ("kept", "cancelled", "broken"):
        actions.finish_items(promise_id=promise.pk)
    elif (
        change == "made"
        and promise.kind == Kind.CALLBACK
        and promise.team is not None
        and not promise.owner_agent_id
    ):
        customer = promise.customer
        actions.enqueue_callback(
            promise.pk,
            promise.team,
            promise.conversation,
            promise.language or customer.language,
            customer.tier,
        )


def on_logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    agent = Agent.objects.filter(user=user).first()
    if agent is not None and agent.presence == Presence.OFFLINE:
        actions.set_presence(agent, Presence.AVAILABLE, user, by="activity")


def on_logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    agent = Agent.objects.filter(user=user).first() if user is not None else None
    if agent is not None and agent.presence != Presence.OFFLINE:
        actions.set_presence(agent, Presence.OFFLINE, user, by="activity")
