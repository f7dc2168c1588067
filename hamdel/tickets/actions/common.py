"""What every write in this package shares: the actor type and the change signal."""

from typing import Any

from django.contrib.auth.models import User

from hamdel.tickets import signals
from hamdel.tickets.models import Conversation

Actor = User | None


def announce_change(
    conversation: Conversation, changes: dict[str, tuple[Any, Any]], actor: Actor
) -> None:
    """Tell listeners (SLA clocks, live inbox) what changed; call inside the write's transaction."""
    signals.conversation_changed.send(
        sender=Conversation, conversation=conversation, changes=changes, actor=actor
    )
