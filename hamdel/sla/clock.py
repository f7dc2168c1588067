"""The arithmetic of one SLA timer: pause, resume, stop and reschedule, without saving.

Actions call these inside their transaction and save the fields listed in `CLOCK_FIELDS`.
All amounts are business seconds on the conversation's calendar.
"""

import logging
from datetime import datetime

from hamdel.sla.calendars import (
    BusinessCalendar,
    NoWorkingTime,
    add_business_seconds,
    business_seconds_between,
)
from hamdel.sla.models import SlaTimer, TimerState

logger = logging.getLogger(__name__)

CLOCK_FIELDS = [
    "state",
    "target_seconds",
    "warning_percent",
    "remaining_seconds",
    "running_since",
    "paused_at",
    "due_at",
    "warn_at",
    "next_check_at",
    "warned_at",
    "stopped_at",
    "policy",
]


def remaining_at(timer: SlaTimer, calendar: BusinessCalendar, at: datetime) -> int:
    """Business seconds left at `at`; negative once overdue."""
    if timer.state == TimerState.RUNNING and timer.running_since is not None:
        used = business_seconds_between(calendar, timer.running_since, at)
        return timer.remaining_seconds - used
    return timer.remaining_seconds


def _warning_left(timer: SlaTimer) -> int:
    """Business seconds still left when the warning is due (20 % of the target at 80 %)."""
    return timer.target_seconds - timer.target_seconds * timer.warning_percent // 100


def reschedule(timer: SlaTimer, calendar: BusinessCalendar) -> None:
    """Derive due_at, warn_at and next_check_at from the running clock."""
    if timer.state != TimerState.RUNNING or timer.running_since is None:
        timer.warn_at = None
        timer.next_check_at = None
        if timer.state == TimerState.PAUSED:
            timer.due_at = None  # a paused clock has no due time; it gets one on resume
        return
    start = timer.running_since
    try:
        timer.due_at = add_business_seconds(calendar, start, max(timer.remaining_seconds, 0))
        warning_left = _warning_left(timer)
        if timer.remaining_seconds > warning_left:
            timer.warn_at = add_business_seconds(
                calendar, start, timer.remaining_seconds - warning_left
            )
        else:
            timer.warn_at = start
    except NoWorkingTime:
        # A calendar without working time can promise nothing; the timer shows no due time
        # rather than crashing the customer's message on its way in.
        logger.warning(
            "calendar %r has no working time; timer %s unscheduled", calendar.name, timer.pk
        )
        timer.due_at = timer.warn_at = timer.next_check_at = None
        return
    if timer.breached_at is not None:
        timer.next_check_at = None
    elif timer.warned_at is None and timer.warn_at < timer.due_at:
        timer.next_check_at = timer.warn_at
    else:
        timer.next_check_at = timer.due_at


def pause(timer: SlaTimer, calendar: BusinessCalendar, at: datetime) -> None:
    if timer.state != TimerState.RUNNING:
        return
    timer.remaining_seconds = remaining_at(timer, calendar, at)
    timer.state = TimerState.PAUSED
    timer.paused_at = at
    timer.running_since = None
    reschedule(timer, calendar)


def resume(timer: SlaTimer, calendar: BusinessCalendar, at: datetime) -> None:
    if timer.state == TimerState.RUNNING:
        return
    timer.state = TimerState.RUNNING
    timer.running_since = at
    timer.paused_at = None
    timer.stopped_at = None
    reschedule(timer, calendar)


def stop(timer: SlaTimer, calendar: BusinessCalendar, at: datetime) -> None:
    """Met (or no longer needed); a breach already recorded stays recorded."""
    if timer.state == TimerState.STOPPED:
        return
    timer.remaining_seconds = remaining_at(timer, calendar, at)
    timer.state = TimerState.STOPPED
    timer.stopped_at = at
    timer.running_since = None
    timer.paused_at = None
    timer.warn_at = None
    timer.next_check_at = None


def retarget(
    timer: SlaTimer,
    calendar: BusinessCalendar,
    target_seconds: int,
    warning_percent: int,
    at: datetime,
) -> None:
    """A new target for a live clock: the business time already used still counts."""
    used = timer.target_seconds - remaining_at(timer, calendar, at)
    timer.target_seconds = target_seconds
    timer.warning_percent = warning_percent
    timer.remaining_seconds = target_seconds - used
    if timer.state == TimerState.RUNNING:
        timer.running_since = at
    reschedule(timer, calendar)
