"""Properties of the business-time pair, checked on random calendars and instants."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamdel.sla.calendars import (
    WEEKDAYS,
    BusinessCalendar,
    add_business_time,
    business_time_between,
)
from hamdel.sla.calendars.zones import local_date

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tehran", "UTC", "Australia/Lord_Howe"]
ONE_SECOND = timedelta(seconds=1)
ONE_MINUTE = timedelta(minutes=1)
# Calendars build holidays per year and zone lookups per day; examples are slower than usual.
PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# Quarter hours around the DST changes (01:00-03:00) and midnight are where bugs live.
times = st.one_of(
    st.integers(0, 24 * 4 - 1).map(lambda quarter: quarter * 15),
    st.integers(0, 24 * 60 - 1),
)
periods = st.lists(
    st.tuples(times, st.one_of(times, st.just(24 * 60))).map(
        lambda pair: [_clock(pair[0]), _clock(pair[1])]
    ),
    max_size=3,
)
dates = st.dates(date(2020, 1, 1), date(2023, 12, 31))


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    weekly = {day: draw(periods) for day in WEEKDAYS}
    if not any(weekly.values()):
        weekly[draw(st.sampled_from(WEEKDAYS))] = [["09:00", "17:00"]]
    closures = []
    for first in draw(st.lists(dates, max_size=3)):
        closures.append(
            [first.isoformat(), (first + timedelta(days=draw(st.integers(0, 20)))).isoformat()]
        )
    extra = {day.isoformat(): draw(periods) for day in draw(st.lists(dates, max_size=3))}
    definition: dict[str, Any] = {
        "name": "random",
        "timezone": draw(st.sampled_from(ZONES)),
        "periods": weekly,
        "holidays": draw(st.sampled_from([None, {"country": "IR"}, {"country": "DE"}])),
        "closures": closures,
        "extra_working_days": extra,
    }
    return BusinessCalendar.from_dict(definition)


# hypothesis takes naive bounds and attaches the zone itself.
FIRST, LAST = datetime(2020, 1, 1), datetime(2023, 12, 31)  # noqa: DTZ001
instants = st.datetimes(FIRST, LAST, timezones=st.just(UTC)).map(
    lambda instant: instant.replace(microsecond=0)
)
amounts = st.integers(0, 30 * 24 * 3600).map(lambda seconds: timedelta(seconds=seconds))


def _is_closed(calendar: BusinessCalendar, instant: datetime) -> bool:
    return calendar.closure_end(local_date(calendar.zone, instant)) is not None


def _is_working(calendar: BusinessCalendar, instant: datetime) -> bool:
    """An independent oracle: is some period of this or the previous local date running?"""
    if _is_closed(calendar, instant):
        return False
    today = local_date(calendar.zone, instant)
    for day in (today - timedelta(days=1), today):
        for period in calendar.periods_on(day):
            start, end = period.instants(calendar.zone, day)
            if start <= instant < end:
                return True
    return False


@PROPERTY_SETTINGS
@given(calendars(), instants, amounts)
def test_adding_then_measuring_gives_the_amount_back(
    calendar: BusinessCalendar, start: datetime, amount: timedelta
) -> None:
    due = add_business_time(calendar, start, amount)
    assert due >= start
    assert business_time_between(calendar, start, due) == amount


@PROPERTY_SETTINGS
@given(calendars(), st.lists(instants, min_size=3, max_size=3).map(sorted))
def test_measuring_is_additive_over_split_intervals(
    calendar: BusinessCalendar, points: list[datetime]
) -> None:
    first, middle, last = points
    whole = business_time_between(calendar, first, last)
    assert whole == business_time_between(calendar, first, middle) + business_time_between(
        calendar, middle, last
    )
    assert timedelta(0) <= whole <= last - first


@PROPERTY_SETTINGS
@given(calendars(), instants, amounts.filter(bool))
def test_due_times_end_working_time_and_never_fall_inside_a_closure(
    calendar: BusinessCalendar, start: datetime, amount: timedelta
) -> None:
    due = add_business_time(calendar, start, amount)
    # The second before the due time was worked, so it is not closed and not a day off.
    assert business_time_between(calendar, due - ONE_SECOND, due) == ONE_SECOND
    assert not _is_closed(calendar, due - ONE_SECOND)
    assert _is_working(calendar, due - ONE_SECOND)


@PROPERTY_SETTINGS
@given(calendars(), instants, amounts, amounts.filter(bool))
def test_adding_in_two_steps_equals_adding_once(
    calendar: BusinessCalendar, start: datetime, first: timedelta, second: timedelta
) -> None:
    halfway = add_business_time(calendar, start, first)
    assert add_business_time(calendar, halfway, second) == add_business_time(
        calendar, start, first + second
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendars(), instants, st.integers(0, 3 * 24 * 60))
def test_measuring_agrees_with_checking_every_minute(
    calendar: BusinessCalendar, start: datetime, minutes: int
) -> None:
    # Period boundaries and DST jumps fall on whole minutes, so sampling minute starts is exact.
    start = start.replace(second=0)
    worked = sum(_is_working(calendar, start + step * ONE_MINUTE) for step in range(minutes))
    assert (
        business_time_between(calendar, start, start + minutes * ONE_MINUTE) == worked * ONE_MINUTE
    )


@PROPERTY_SETTINGS
@given(calendars())
def test_exported_file_imports_as_the_same_calendar(calendar: BusinessCalendar) -> None:
    assert BusinessCalendar.from_json(calendar.to_json()) == calendar
