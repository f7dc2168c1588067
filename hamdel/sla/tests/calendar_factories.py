"""Plain typed builders for calendars used across the sla tests."""

from typing import Any

from hamdel.sla.calendars import WEEKDAYS, BusinessCalendar

OFFICE_HOURS = [["09:00", "12:00"], ["13:00", "17:00"]]


def make_calendar(**overrides: Any) -> BusinessCalendar:
    """A Berlin office, Monday to Friday with a lunch break, no public holidays."""
    definition: dict[str, Any] = {
        "name": "Berlin office",
        "timezone": "Europe/Berlin",
        "periods": dict.fromkeys(WEEKDAYS[:5], OFFICE_HOURS),
        "holidays": None,
    }
    definition.update(overrides)
    return BusinessCalendar.from_dict(definition)


def every_day(periods: list[list[str]]) -> dict[str, list[list[str]]]:
    return dict.fromkeys(WEEKDAYS, periods)


def tehran_week() -> dict[str, list[list[str]]]:
    """Saturday to Wednesday full days with lunch, Thursday short, Friday off."""
    full = [["08:00", "12:00"], ["13:00", "17:00"]]
    return {
        "sat": full,
        "sun": full,
        "mon": full,
        "tue": full,
        "wed": full,
        "thu": [["08:00", "13:00"]],
        "fri": [],
    }
