"""Huey jobs of the sla app: thin wrappers over sla.actions; every one is safe to run twice.

Mechanism (docs/sla.md): a periodic sweep every minute handles every clock already due and
schedules a `check_timer_at_due_time` task with an eta for each clock due within the next
`LOOK_AHEAD`; Huey's scheduler fires eta tasks within about a second. Clocks whose due time
is set or moved between sweeps are scheduled by `schedule_checks` when their transaction
commits. A lost or duplicated task costs nothing: the next sweep finds what is due, and
`check_timer` records a warning or breach only once.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hamdel.sla import actions
from hamdel.sla.models import SlaTimer

# Longer than the one-minute period, so a sweep that starts a few seconds late still
# schedules every clock before the next sweep would find it overdue.
LOOK_AHEAD = timedelta(seconds=90)


@db_task()  # type: ignore[untyped-decorator]  # huey ships no type hints
def check_timer_at_due_time(timer_id: int) -> str | None:
    return actions.check_timer(timer_id, timezone.now())


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]  # likewise
def sweep_sla_timers() -> int:
    sweep = actions.sweep_due(timezone.now(), LOOK_AHEAD)
    for timer_id, check_at in sweep.upcoming:
        check_timer_at_due_time.schedule((timer_id,), eta=check_at)
    return len(sweep.warned) + len(sweep.breached)


def schedule_checks(timers: Iterable[SlaTimer], now: datetime) -> None:
    """Schedule clocks that became due before the next sweep will look ahead again."""
    for timer in timers:
        if timer.next_check_at is not None and timer.next_check_at <= now + LOOK_AHEAD:
            check_timer_at_due_time.schedule((timer.pk,), eta=timer.next_check_at)
