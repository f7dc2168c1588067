"""Business-time arithmetic: the one function pair every deadline in Hamdel uses.

Units: business time is real elapsed time inside working periods. The exact functions work
on `timedelta` (microsecond arithmetic, no rounding); the second-based pair rounds nothing
either when instants are whole seconds, which every stored due time is. The minute-based pair
is what policies and the command line speak:

- `add_business_minutes(calendar, start, minutes)`: `minutes` is an int or a Decimal that is
  a whole number of seconds (1.5 is fine, 1/7 is not).
- `business_minutes_between(calendar, start, end)`: a Decimal of minutes, exact when the
  answer is a whole number of seconds that divides evenly, else rounded to 6 places; the
  exact count is `business_seconds_between` (whole seconds, rounded down).

Work is found interval by interval, day by day, never minute by minute: adding 10,000
minutes visits a few weeks of days. A calendar with no working time at all, or none within
`MAX_DAYS_WITHOUT_WORK`, raises `NoWorkingTime` instead of searching forever.
"""

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal

from hamdel.sla.calendars.definition import BusinessCalendar
from hamdel.sla.calendars.zones import ONE_DAY, as_utc, local_date, start_of_day

# Two years without a single working minute (outside closures, which are skipped whole) means
# the calendar is misconfigured; a policy deadline that far away helps nobody.
MAX_DAYS_WITHOUT_WORK = 732
ZERO = timedelta(0)
ONE_SECOND = timedelta(seconds=1)
MINUTE_PLACES = Decimal("0.000001")

Interval = tuple[datetime, datetime]


class NoWorkingTime(ValueError):
    """The calendar has no working time to count from the given instant."""


def working_intervals(
    calendar: BusinessCalendar, since: datetime, until: datetime | None = None
) -> Iterator[Interval]:
    """Working time as merged, sorted UTC [start, end) intervals that end after `since`.

    Without `until` the stream is endless (it raises `NoWorkingTime` once no work is found for
    `MAX_DAYS_WITHOUT_WORK` days); with `until` it stops at the first interval that cannot
    reach `until` and never raises.
    """
    since = as_utc(since)
    until = as_utc(until) if until is not None else None
    if not calendar.has_working_time:
        if until is None:
            raise NoWorkingTime(f"calendar {calendar.name!r} has no working periods at all")
        return
    zone = calendar.zone
    # The day before may hold a night shift that is still running at `since`.
    day = local_date(zone, since) - ONE_DAY
    pending: Interval | None = None
    days_without_work = 0
    while True:
        midnight = start_of_day(zone, day)
        if pending is not None and pending[0] < midnight:
            # Nothing from this day on starts before its midnight, so the part of `pending`
            # before it is final. Handing it out now keeps a round-the-clock calendar, whose
            # periods merge into one endless interval, from being merged forever.
            yield from _open_parts(calendar, (pending[0], min(pending[1], midnight)), since)
            pending = (midnight, pending[1]) if pending[1] > midnight else None
        if until is not None and midnight >= until:
            break
        closure_end = calendar.closure_end(day)
        if closure_end is not None and closure_end > day:
            # Nothing can start on a closed day, so jump to the closure's last day (whose
            # night shift may run past the closure) without counting the days as idle.
            day = closure_end
            continue
        periods = calendar.periods_on(day)
        if periods:
            days_without_work = 0
        else:
            days_without_work += 1
            if until is None and days_without_work > MAX_DAYS_WITHOUT_WORK:
                if pending is not None:
                    yield from _open_parts(calendar, pending, since)
                raise NoWorkingTime(
                    f"calendar {calendar.name!r} has no working time in the "
                    f"{MAX_DAYS_WITHOUT_WORK} days before {day.isoformat()}"
                )
        for period in periods:
            start, end = period.instants(zone, day)
            if end <= start:
                continue  # a period wholly inside a DST gap
            # Periods of later days start on later dates, so starts arrive in order and an
            # overlap (night shift into an early morning shift) can only extend `pending`.
            if pending is not None and start <= pending[1]:
                pending = (pending[0], max(pending[1], end))
                continue
            if pending is not None:
                yield from _open_parts(calendar, pending, since)
            pending = (start, end)
        if day >= date.max - 2 * ONE_DAY:
            raise NoWorkingTime(f"calendar {calendar.name!r}: ran out of dates")
        day += ONE_DAY
    if pending is not None:
        yield from _open_parts(calendar, pending, since)


def _open_parts(
    calendar: BusinessCalendar, interval: Interval, since: datetime
) -> Iterator[Interval]:
    """The parts of a merged interval outside closures that end after `since`."""
    start, end = interval
    if end <= since:
        return
    zone = calendar.zone
    for closed_start, closed_end in calendar.closed_instants(
        local_date(zone, start), local_date(zone, end)
    ):
        if closed_start > start:
            piece_end = min(closed_start, end)
            if piece_end > since:
                yield start, piece_end
        start = max(start, closed_end)
        if start >= end:
            return
    yield start, end


def add_business_time(calendar: BusinessCalendar, start: datetime, amount: timedelta) -> datetime:
    """The instant `amount` of business time after `start`, in UTC.

    UTC rather than the calendar's zone because Python never finds two aware datetimes in
    different zones equal when one falls in a repeated (clocks-back) hour (PEP 495).

    A due time that uses up a period exactly is that period's end, not the next opening.
    Adding nothing returns `start` itself, even outside working hours.
    """
    origin = as_utc(start)
    if amount < ZERO:
        raise ValueError("business time to add must not be negative")
    if amount == ZERO:
        return origin
    remaining = amount
    for interval_start, interval_end in working_intervals(calendar, origin):
        begin = max(interval_start, origin)
        span = interval_end - begin
        if remaining <= span:
            return begin + remaining
        remaining -= span
    raise NoWorkingTime(f"calendar {calendar.name!r} ran out of working time")  # pragma: no cover


def business_time_between(calendar: BusinessCalendar, start: datetime, end: datetime) -> timedelta:
    """Business time from `start` to `end`; negative when `end` is before `start`."""
    origin, finish = as_utc(start), as_utc(end)
    if finish < origin:
        return -business_time_between(calendar, end, start)
    total = ZERO
    for interval_start, interval_end in working_intervals(calendar, origin, until=finish):
        if interval_start >= finish:
            break
        total += min(interval_end, finish) - max(interval_start, origin)
    return total


def add_business_seconds(calendar: BusinessCalendar, start: datetime, seconds: int) -> datetime:
    return add_business_time(calendar, start, timedelta(seconds=seconds))


def business_seconds_between(calendar: BusinessCalendar, start: datetime, end: datetime) -> int:
    """Whole business seconds between two instants, rounded down (towards the past)."""
    return business_time_between(calendar, start, end) // ONE_SECOND


def minutes_to_seconds(minutes: int | Decimal) -> int:
    """Exact conversion; refuses amounts that are not a whole number of seconds."""
    seconds = Decimal(minutes) * 60
    if seconds != seconds.to_integral_value():
        raise ValueError(f"{minutes} minutes is not a whole number of seconds")
    return int(seconds)


def add_business_minutes(
    calendar: BusinessCalendar, start: datetime, minutes: int | Decimal
) -> datetime:
    return add_business_seconds(calendar, start, minutes_to_seconds(minutes))


def business_minutes_between(calendar: BusinessCalendar, start: datetime, end: datetime) -> Decimal:
    minutes = Decimal(business_seconds_between(calendar, start, end)) / 60
    if minutes == minutes.to_integral_value():
        return minutes.quantize(Decimal(1))
    return minutes.quantize(MINUTE_PLACES).normalize()
