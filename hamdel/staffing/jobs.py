"""Huey jobs of staffing: thin wrappers over its actions; safe to run twice.

Every minute: agents idle for 15 minutes are marked away (and back when they act), and
waiting items are offered again (an agent may have come free without a signal saying so).
"""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hamdel.staffing import actions


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]  # huey ships no type hints
def sweep_staffing() -> int:
    idle, back = actions.mark_idle_away(timezone.now())
    return len(idle) + len(back) + actions.route_waiting()
