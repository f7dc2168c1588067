"""What promises does when tickets send their signals (connected in apps.ready)."""

from typing import Any

from hamdel.promises import actions
from hamdel.tickets.models import Message


def on_message_added(sender: Any, message: Message, **kwargs: Any) -> None:
    if kwargs.get("automatic"):
        return  # a notice the system sent is nobody's reply
    actions.record_reply(message)
