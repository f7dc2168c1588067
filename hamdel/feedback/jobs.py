"""Huey jobs of the feedback app: thin wrappers over its actions; safe to run twice.

Ids only in payloads. A campaign sends in batches, one job per batch, each enqueuing the
next; a minute's sweep starts scheduled campaigns that are due and takes up a sending one
whose job was lost (no batch saved it for `STALLED_AFTER`).
"""

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hamdel.feedback import actions

STALLED_AFTER = timedelta(minutes=5)  # far longer than one batch takes


@db_task()  # type: ignore[untyped-decorator]  # huey ships no type hints
def send_csat(conversation_id: int) -> str:
    return actions.send_csat(conversation_id).why


@db_task()  # type: ignore[untyped-decorator]
def send_campaign_batch(campaign_id: int) -> bool:
    more = actions.send_campaign_batch(campaign_id)
    if more:
        send_campaign_batch(campaign_id)
    return more


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def start_due_campaigns() -> int:
    due = actions.due_campaigns(timezone.now(), STALLED_AFTER)
    for campaign_id in due:
        send_campaign_batch(campaign_id)
    return len(due)
