"""Listeners the loyalty app connects in ready(): a solved conversation is thanked."""

from typing import Any

from django.db import transaction

from hamdel.tickets.models import Status


def on_conversation_changed(**kwargs: Any) -> None:
    status = kwargs.get("changes", {}).get("status")
    if status is None or status[1] != Status.SOLVED:
        return
    conversation_id = kwargs["conversation"].pk

    def queue() -> None:
        from hamdel.loyalty.jobs import thank_after_solved

        thank_after_solved(conversation_id)

    transaction.on_commit(queue)
