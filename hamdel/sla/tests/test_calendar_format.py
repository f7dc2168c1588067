"""The calendar file format: what it accepts, what it refuses and how it says so."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hamdel.sla.calendars import BusinessCalendar, CalendarFormatError, add_business_minutes
from hamdel.sla.tests.calendar_factories import make_calendar, tehran_week

ISSUE_EXAMPLE: dict[str, Any] = {
    "name": "Tehran support",
    "timezone": "Asia/Tehran",
    "periods": tehran_week(),
    "holidays": {"country": "IR"},
    "closures": [["2026-12-31", "2027-01-01"]],
    "extra_working_days": {"2027-01-08": [["08:00", "12:00"]]},
}


def problems_of(definition: dict[str, Any]) -> list[str]:
    with pytest.raises(CalendarFormatError) as caught:
        BusinessCalendar.from_dict(definition)
    return caught.value.problems


def test_issue_example_round_trips() -> None:
    calendar = BusinessCalendar.from_dict(ISSUE_EXAMPLE)
    assert BusinessCalendar.from_json(calendar.to_json()) == calendar
    exported = calendar.to_dict()
    assert exported["periods"]["thu"] == [["08:00", "13:00"]]
    assert exported["periods"]["fri"] == []
    assert '["08:00", "12:00"]' in calendar.to_json()


def test_extra_working_day_on_an_iranian_friday_works() -> None:
    calendar = BusinessCalendar.from_dict(ISSUE_EXAMPLE)
    tehran = ZoneInfo("Asia/Tehran")
    # Thursday 2027-01-07 13:00 is closing time; Friday 2027-01-08 is an extra working day.
    due = add_business_minutes(calendar, datetime(2027, 1, 7, 13, tzinfo=tehran), 30)
    assert due == datetime(2027, 1, 8, 8, 30, tzinfo=tehran)


def test_missing_weekdays_have_no_periods() -> None:
    calendar = make_calendar(periods={"wed": [["10:00", "11:00"]]})
    assert calendar.weekly[2]
    assert not any(calendar.weekly[:2] + calendar.weekly[3:])


def test_bad_weekday_key_is_named() -> None:
    assert problems_of({**ISSUE_EXAMPLE, "periods": {"monday": []}}) == [
        "periods: unknown weekday 'monday' (use mon, tue, wed, thu, fri, sat, sun)"
    ]


@pytest.mark.parametrize("bad", ["8:00", "25:00", "08:60", "0800", 800, "24:00"])
def test_bad_start_time_is_named(bad: Any) -> None:
    [problem] = problems_of({**ISSUE_EXAMPLE, "periods": {"mon": [[bad, "12:00"]]}})
    assert problem.startswith("periods.mon[0] start:")


def test_period_must_be_a_pair() -> None:
    [problem] = problems_of({**ISSUE_EXAMPLE, "periods": {"mon": [["08:00"]]}})
    assert "must be a [start, end] pair" in problem


def test_unknown_timezone_is_named() -> None:
    [problem] = problems_of({**ISSUE_EXAMPLE, "timezone": "Asia/Teheran"})
    assert problem.startswith("timezone: unknown timezone 'Asia/Teheran'")


def test_path_like_timezone_is_refused() -> None:
    assert problems_of({**ISSUE_EXAMPLE, "timezone": "../../etc/passwd"})


def test_unknown_country_is_named() -> None:
    [problem] = problems_of({**ISSUE_EXAMPLE, "holidays": {"country": "XX"}})
    assert problem.startswith("holidays.country: unknown country 'XX'")


def test_unknown_subdivision_is_named() -> None:
    [problem] = problems_of({**ISSUE_EXAMPLE, "holidays": {"country": "DE", "subdivision": "ZZ"}})
    assert problem.startswith("holidays.subdivision: DE has no subdivision 'ZZ'")


def test_subdivision_holidays_apply() -> None:
    # Epiphany (6 January) is a holiday in Bavaria but not in Berlin.
    bavaria = make_calendar(holidays={"country": "DE", "subdivision": "BY"})
    berlin = make_calendar(holidays={"country": "DE", "subdivision": "BE"})
    assert bavaria.holiday_on(date(2027, 1, 6)) is not None
    assert berlin.holiday_on(date(2027, 1, 6)) is None


def test_closure_dates_must_be_in_order_and_valid() -> None:
    problems = problems_of(
        {**ISSUE_EXAMPLE, "closures": [["2027-01-02", "2027-01-01"], ["2027-02-30", "2027-03-01"]]}
    )
    assert problems == [
        "closures[0]: last date 2027-01-01 is before first date 2027-01-02",
        "closures[1] first: '2027-02-30' is not a date like '2027-01-08'",
    ]


def test_every_problem_is_reported_at_once() -> None:
    problems = problems_of(
        {"name": "", "timezone": "Nowhere", "periods": {"mo": []}, "colour": "blue"}
    )
    assert len(problems) == 4


def test_invalid_json_is_reported() -> None:
    with pytest.raises(CalendarFormatError, match="not valid JSON"):
        BusinessCalendar.from_json("{")


def test_islamic_holidays_beyond_confirmed_years_are_flagged_estimated() -> None:
    calendar = BusinessCalendar.from_dict(ISSUE_EXAMPLE)
    holidays_2030 = {holiday.day: holiday for holiday in calendar.holidays_in(2030)}
    eid = holidays_2030[date(2030, 2, 5)]
    assert (eid.name, eid.estimated, eid.corrected) == ("Eid al-Fitr", True, False)
    nowruz = holidays_2030[date(2030, 3, 21)]
    assert not nowruz.estimated


def test_admin_can_move_an_estimated_holiday() -> None:
    calendar = BusinessCalendar.from_dict(ISSUE_EXAMPLE)
    moved = calendar.with_holiday_override(date(2030, 2, 5), None).with_holiday_override(
        date(2030, 2, 7), "Eid al-Fitr"
    )
    assert moved.holiday_on(date(2030, 2, 5)) is None
    corrected = moved.holiday_on(date(2030, 2, 7))
    assert corrected is not None
    assert corrected.corrected
    assert not corrected.estimated
    assert moved.to_dict()["holidays"]["overrides"] == {
        "2030-02-05": None,
        "2030-02-07": "Eid al-Fitr",
    }
    assert BusinessCalendar.from_json(moved.to_json()) == moved
    # Tuesday 2030-02-05 is worked again; Thursday 2030-02-07 is not.
    assert moved.periods_on(date(2030, 2, 5))
    assert not moved.periods_on(date(2030, 2, 7))
