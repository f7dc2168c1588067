"""Business calendars: when a team works, and the arithmetic of business time.

Pure Python, no Django: callbacks, promises and complaints reuse it as well as SLAs.
"""

from hamdel.sla.calendars.definition import (
    WEEKDAYS,
    BusinessCalendar,
    CalendarFormatError,
    Holiday,
    HolidaySource,
    Period,
)
from hamdel.sla.calendars.engine import (
    NoWorkingTime,
    add_business_minutes,
    add_business_seconds,
    add_business_time,
    business_minutes_between,
    business_seconds_between,
    business_time_between,
    minutes_to_seconds,
    working_intervals,
)

__all__ = [
    "WEEKDAYS",
    "BusinessCalendar",
    "CalendarFormatError",
    "Holiday",
    "HolidaySource",
    "NoWorkingTime",
    "Period",
    "add_business_minutes",
    "add_business_seconds",
    "add_business_time",
    "business_minutes_between",
    "business_seconds_between",
    "business_time_between",
    "minutes_to_seconds",
    "working_intervals",
]
