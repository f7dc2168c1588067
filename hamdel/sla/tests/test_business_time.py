"""Hand-checked business-time cases: every one worked out on paper first."""

import time as clock
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from hamdel.sla.calendars import (
    NoWorkingTime,
    add_business_minutes,
    add_business_seconds,
    business_minutes_between,
    business_seconds_between,
    minutes_to_seconds,
)
from hamdel.sla.tests.calendar_factories import every_day, make_calendar, tehran_week

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TEHRAN = ZoneInfo("Asia/Tehran")


def at(
    zone: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=zone)


def test_lunch_break_is_not_business_time() -> None:
    calendar = make_calendar()
    # Monday 2026-06-01: 30 minutes before lunch, the rest after it.
    assert add_business_minutes(calendar, at(BERLIN, 2026, 6, 1, 11, 30), 60) == at(
        BERLIN, 2026, 6, 1, 13, 30
    )
    assert business_minutes_between(
        calendar, at(BERLIN, 2026, 6, 1, 11), at(BERLIN, 2026, 6, 1, 14)
    ) == Decimal(120)


def test_due_time_landing_on_a_period_end_is_that_end() -> None:
    calendar = make_calendar()
    start = at(BERLIN, 2026, 6, 1, 9)
    assert add_business_minutes(calendar, start, 180) == at(BERLIN, 2026, 6, 1, 12)
    assert add_business_minutes(calendar, start, 420) == at(BERLIN, 2026, 6, 1, 17)


def test_start_outside_working_hours_counts_from_the_next_opening() -> None:
    calendar = make_calendar()
    friday_evening = at(BERLIN, 2026, 6, 5, 20)
    assert add_business_minutes(calendar, friday_evening, 30) == at(BERLIN, 2026, 6, 8, 9, 30)
    assert add_business_minutes(calendar, friday_evening, 0) == friday_evening


def test_overnight_shift_runs_past_midnight() -> None:
    calendar = make_calendar(periods={"mon": [["22:00", "06:00"]], "tue": [["22:00", "06:00"]]})
    monday_late = at(BERLIN, 2026, 6, 1, 23)
    assert add_business_minutes(calendar, monday_late, 60) == at(BERLIN, 2026, 6, 2, 0)
    assert add_business_minutes(calendar, monday_late, 7 * 60) == at(BERLIN, 2026, 6, 2, 6)
    assert add_business_minutes(calendar, monday_late, 8 * 60) == at(BERLIN, 2026, 6, 2, 23)
    # Monday morning belongs to Sunday's shift, and Sunday has none.
    assert business_minutes_between(
        calendar, at(BERLIN, 2026, 6, 1, 0), at(BERLIN, 2026, 6, 1, 22)
    ) == Decimal(0)


def test_overlapping_night_and_morning_shifts_count_once() -> None:
    calendar = make_calendar(periods={"mon": [["22:00", "06:00"]], "tue": [["05:00", "09:00"]]})
    assert business_minutes_between(
        calendar, at(BERLIN, 2026, 6, 1, 0), at(BERLIN, 2026, 6, 3, 0)
    ) == Decimal(11 * 60)


def test_whole_day_periods() -> None:
    calendar = make_calendar(periods={"mon": [["00:00", "24:00"]], "tue": [["00:00", "00:00"]]})
    assert business_minutes_between(
        calendar, at(BERLIN, 2026, 6, 1, 0), at(BERLIN, 2026, 6, 3, 0)
    ) == Decimal(48 * 60)


def test_public_holiday_on_a_working_day_is_skipped() -> None:
    calendar = make_calendar(holidays={"country": "DE"})
    # Friday 2026-05-01 is Labour Day: Thursday's last hour, then Monday.
    thursday = at(BERLIN, 2026, 4, 30, 16)
    assert add_business_minutes(calendar, thursday, 120) == at(BERLIN, 2026, 5, 4, 10)


def test_extra_working_day_replaces_a_holiday_and_a_weekend() -> None:
    calendar = make_calendar(
        holidays={"country": "DE"},
        extra_working_days={"2026-05-01": [["10:00", "11:00"]], "2026-05-02": [["10:00", "12:00"]]},
    )
    thursday = at(BERLIN, 2026, 4, 30, 16)
    assert add_business_minutes(calendar, thursday, 120) == at(BERLIN, 2026, 5, 1, 11)
    assert add_business_minutes(calendar, thursday, 150) == at(BERLIN, 2026, 5, 2, 10, 30)


def test_closure_is_skipped_and_its_dates_are_inclusive() -> None:
    calendar = make_calendar(closures=[["2026-12-24", "2026-12-31"]])
    # Wednesday 2026-12-23 16:00: one hour, then eight closed days, then Friday 2027-01-01.
    assert add_business_minutes(calendar, at(BERLIN, 2026, 12, 23, 16), 90) == at(
        BERLIN, 2027, 1, 1, 9, 30
    )


def test_closure_cuts_a_night_shift_at_midnight() -> None:
    calendar = make_calendar(
        periods=every_day([["22:00", "06:00"]]), closures=[["2026-06-02", "2026-06-02"]]
    )
    # Sunday's shift tail (6 h), Monday's shift cut at the closed Tuesday's midnight (2 h),
    # Tuesday's shift only after midnight into Wednesday (6 h), Wednesday's first 2 h.
    assert business_minutes_between(
        calendar, at(BERLIN, 2026, 6, 1, 0), at(BERLIN, 2026, 6, 4, 0)
    ) == Decimal(6 * 60 + 2 * 60 + 6 * 60 + 2 * 60)


def test_iranian_week_skips_friday() -> None:
    calendar = make_calendar(timezone="Asia/Tehran", periods=tehran_week())
    # Thursday 2026-07-02 ends at 13:00; Friday is off; Saturday opens at 08:00.
    thursday = at(TEHRAN, 2026, 7, 2, 12)
    assert add_business_minutes(calendar, thursday, 120) == at(TEHRAN, 2026, 7, 4, 9)
    assert business_minutes_between(
        calendar, at(TEHRAN, 2026, 7, 3, 0), at(TEHRAN, 2026, 7, 4, 0)
    ) == Decimal(0)


def test_night_shift_is_an_hour_shorter_when_clocks_go_forward_in_berlin() -> None:
    calendar = make_calendar(periods={"sat": [["22:00", "06:00"]]})
    saturday = at(BERLIN, 2026, 3, 28, 22)
    sunday_morning = at(BERLIN, 2026, 3, 29, 6)
    assert business_minutes_between(calendar, saturday, sunday_morning) == Decimal(7 * 60)
    assert add_business_minutes(calendar, saturday, 7 * 60) == sunday_morning


def test_night_shift_is_an_hour_longer_when_clocks_go_back_in_berlin() -> None:
    calendar = make_calendar(periods={"sat": [["22:00", "06:00"]]})
    saturday = at(BERLIN, 2026, 10, 24, 22)
    sunday_morning = at(BERLIN, 2026, 10, 25, 6)
    assert business_minutes_between(calendar, saturday, sunday_morning) == Decimal(9 * 60)
    # Five real hours after 22:00 CEST the clock has gone back once: it reads 02:00 CET.
    due = add_business_minutes(calendar, saturday, 5 * 60)
    assert due == datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
    assert due.astimezone(BERLIN).strftime("%H:%M %Z") == "02:00 CET"


def test_new_york_early_sunday_period_across_both_changes() -> None:
    calendar = make_calendar(timezone="America/New_York", periods={"sun": [["00:00", "05:00"]]})
    spring = business_minutes_between(
        calendar, at(NEW_YORK, 2026, 3, 8, 0), at(NEW_YORK, 2026, 3, 8, 12)
    )
    autumn = business_minutes_between(
        calendar, at(NEW_YORK, 2026, 11, 1, 0), at(NEW_YORK, 2026, 11, 1, 12)
    )
    assert (spring, autumn) == (Decimal(4 * 60), Decimal(6 * 60))


def test_period_starting_inside_the_skipped_hour_starts_at_the_jump() -> None:
    calendar = make_calendar(periods={"sun": [["02:30", "04:00"]]})
    # On 2026-03-29 Berlin jumps from 02:00 to 03:00, so the period is 03:00-04:00 CEST.
    assert add_business_minutes(calendar, at(BERLIN, 2026, 3, 29, 0), 1) == at(
        BERLIN, 2026, 3, 29, 3, 1
    )


def test_tehran_had_dst_before_2022() -> None:
    # Clocks went from 00:00 to 01:00 on 2021-03-22 and from 24:00 back to 23:00 on 2021-09-21.
    calendar = make_calendar(
        timezone="Asia/Tehran",
        periods={
            "sun": [["22:00", "06:00"]],
            "mon": [["00:00", "08:00"]],
            "tue": [["22:00", "06:00"]],
        },
    )
    spring_night = business_minutes_between(
        calendar, at(TEHRAN, 2021, 3, 21, 12), at(TEHRAN, 2021, 3, 22, 12)
    )
    # Sunday's shift (22:00-06:00) and Monday's (00:00-08:00) overlap: 22:00-08:00 is 10
    # wall hours, 9 real ones.
    assert spring_night == Decimal(9 * 60)
    autumn_night = business_minutes_between(
        calendar, at(TEHRAN, 2021, 9, 21, 12), at(TEHRAN, 2021, 9, 22, 12)
    )
    assert autumn_night == Decimal(9 * 60)
    # After 2022 the same night is its wall-clock length.
    assert business_minutes_between(
        calendar, at(TEHRAN, 2023, 9, 19, 12), at(TEHRAN, 2023, 9, 20, 12)
    ) == Decimal(8 * 60)


def test_measuring_backwards_is_negative() -> None:
    calendar = make_calendar()
    start, end = at(BERLIN, 2026, 6, 1, 9), at(BERLIN, 2026, 6, 1, 10)
    assert business_seconds_between(calendar, end, start) == -3600


def test_seconds_are_exact() -> None:
    calendar = make_calendar()
    start = at(BERLIN, 2026, 6, 1, 11, 59, 59)
    due = add_business_seconds(calendar, start, 2)
    assert due == at(BERLIN, 2026, 6, 1, 13, 0, 1)
    assert business_seconds_between(calendar, start, due) == 2
    assert business_minutes_between(calendar, start, due) == Decimal("0.033333")


def test_fractional_minutes_must_be_whole_seconds() -> None:
    assert minutes_to_seconds(Decimal("1.5")) == 90
    with pytest.raises(ValueError, match="whole number of seconds"):
        minutes_to_seconds(Decimal("0.001"))


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="no timezone"):
        add_business_minutes(make_calendar(), datetime(2026, 6, 1, 9), 10)  # noqa: DTZ001


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_business_minutes(make_calendar(), at(BERLIN, 2026, 6, 1, 9), -1)


def test_calendar_without_working_time_says_so() -> None:
    calendar = make_calendar(periods={})
    with pytest.raises(NoWorkingTime, match="no working periods"):
        add_business_minutes(calendar, at(BERLIN, 2026, 6, 1, 9), 1)
    assert business_minutes_between(
        calendar, at(BERLIN, 2026, 6, 1), at(BERLIN, 2026, 7, 1)
    ) == Decimal(0)


def test_calendar_whose_working_days_are_all_past_says_so() -> None:
    calendar = make_calendar(periods={}, extra_working_days={"2020-01-06": [["09:00", "17:00"]]})
    with pytest.raises(NoWorkingTime, match="no working time in the"):
        add_business_minutes(calendar, at(BERLIN, 2026, 6, 1, 9), 1)


def test_a_long_closure_is_jumped_not_walked() -> None:
    calendar = make_calendar(closures=[["2026-06-01", "2036-06-01"]])
    assert add_business_minutes(calendar, at(BERLIN, 2026, 6, 1, 9), 60) == at(
        BERLIN, 2036, 6, 2, 10
    )


def test_adding_ten_thousand_minutes_is_fast() -> None:
    calendar = make_calendar(
        timezone="Asia/Tehran", periods=tehran_week(), holidays={"country": "IR"}
    )
    started = clock.perf_counter()
    due = add_business_minutes(calendar, at(TEHRAN, 2026, 6, 1, 9), 10_000)
    assert clock.perf_counter() - started < 0.5  # seconds; minute-by-minute would take far longer
    assert business_minutes_between(calendar, at(TEHRAN, 2026, 6, 1, 9), due) == 10_000


def test_result_is_in_utc() -> None:
    calendar = make_calendar()
    due = add_business_minutes(calendar, datetime(2026, 6, 1, 7, tzinfo=UTC), 30)
    assert due.utcoffset() == timedelta(0)
    assert due == at(BERLIN, 2026, 6, 1, 9, 30)


def test_round_the_clock_calendar_counts_every_second() -> None:
    calendar = make_calendar(periods=every_day([["00:00", "00:00"]]))
    start = at(BERLIN, 2026, 3, 28, 12)
    # Across the spring change: 24 wall hours are 23 real ones.
    assert add_business_minutes(calendar, start, 23 * 60) == at(BERLIN, 2026, 3, 29, 12)
    assert add_business_minutes(calendar, start, 60 * 24 * 365) == datetime(
        2027, 3, 28, 11, tzinfo=UTC
    )
