"""Turning local wall-clock readings into instants, including readings that DST skips or repeats.

A working period is written in wall-clock time ("08:00"), but business time is real elapsed
time, so every period boundary becomes a UTC instant here. Two rules make that precise:

- a period *starts* at the first instant the local clock reads its start time or later, and
- a period *ends* at the last instant the local clock reads its end time (the later of two
  readings when the clocks go back), or, when the clocks skip that reading, at the jump.

So a night shift 22:00-06:00 is seven real hours on the night the clocks go forward and nine
on the night they go back.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def _to_utc(zone: ZoneInfo, wall: datetime, fold: int) -> datetime:
    return wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)


def _exists(zone: ZoneInfo, wall: datetime, instant: datetime) -> bool:
    return instant.astimezone(zone).replace(tzinfo=None) == wall


def _jump_instant(zone: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """The instant the UTC offset changes between `before` and `after` (a gap of a few hours).

    Transitions happen on whole seconds, so bisecting POSIX seconds finds the exact one in
    about a dozen steps; this only runs for readings inside a DST gap.
    """
    low, high = int(before.timestamp()), int(after.timestamp())
    offset = datetime.fromtimestamp(low, zone).utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == offset:
            low = middle
        else:
            high = middle
    return datetime.fromtimestamp(high, UTC)


def first_instant(zone: ZoneInfo, wall: datetime) -> datetime:
    """The first instant (UTC) at which the local clock reads `wall` or later."""
    earlier = _to_utc(zone, wall, 0)
    if _exists(zone, wall, earlier):
        return earlier
    # In a gap PEP 495 maps fold=0 with the offset before the jump (an instant after it)
    # and fold=1 with the offset after it (an instant before it): the jump lies between.
    return _jump_instant(zone, _to_utc(zone, wall, 1), earlier)


def last_instant(zone: ZoneInfo, wall: datetime) -> datetime:
    """The last instant (UTC) at which the local clock reads `wall`; the jump if it never does."""
    later = _to_utc(zone, wall, 1)
    if _exists(zone, wall, later):
        return later
    return _jump_instant(zone, later, _to_utc(zone, wall, 0))


def start_of_day(zone: ZoneInfo, day: date) -> datetime:
    """The first instant (UTC) of a local date, even where midnight itself is skipped."""
    return first_instant(zone, datetime.combine(day, time()))


def local_date(zone: ZoneInfo, instant: datetime) -> date:
    return instant.astimezone(zone).date()


def as_utc(instant: datetime) -> datetime:
    """Refuse naive datetimes: a business-time question needs to know where it is asked."""
    if instant.tzinfo is None or instant.tzinfo.utcoffset(instant) is None:
        raise ValueError(f"{instant.isoformat()} has no timezone; give an offset")
    return instant.astimezone(UTC)


ONE_DAY = timedelta(days=1)
