"""Huey jobs of the tickets app: thin wrappers over tickets.actions.delivery.

Both are safe to run twice: `attempt_delivery` claims each attempt under the message's
row lock and sends nothing for a message that is done or being sent.
"""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hamdel.tickets.actions.delivery import attempt_delivery, due_deliveries


@db_task()  # type: ignore[untyped-decorator]  # huey ships no type hints
def deliver_message(message_id: int) -> str:
    return attempt_delivery(message_id, timezone.now())


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]  # likewise
def sweep_deliveries() -> int:
    """Retries that are due, attempts cut off by a stopped worker, jobs that were lost."""
    due = due_deliveries(timezone.now())
    for message_id in due:
        deliver_message(message_id)
    return len(due)
