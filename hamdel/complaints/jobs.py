"""Huey jobs of the complaints app: thin wrappers over its actions; safe to run twice.

Every five minutes overdue complaints are escalated (once each); every hour the policy
signals look for spikes in the rolling week that ends then (one alert per group a week).
"""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hamdel.complaints import actions, spikes


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]  # huey ships no type hints
def escalate_overdue_complaints() -> int:
    return len(actions.escalate_overdue(timezone.now()))


@db_periodic_task(crontab(minute="17"))  # type: ignore[untyped-decorator]  # huey ships no type hints
def detect_complaint_spikes() -> int:
    return len(spikes.detect_spikes(timezone.now()))
