"""Huey jobs of the api app: thin wrappers over api.actions; safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hamdel.api import actions


@db_periodic_task(crontab(minute="17"))  # type: ignore[untyped-decorator]  # huey ships no type hints
def purge_idempotency_records() -> int:
    """Hourly: forget Idempotency-Keys older than 24 hours."""
    return actions.purge_idempotency_records()
