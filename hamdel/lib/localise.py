"""How the workspace shows numbers and times: Persian digits, Jalali dates, agent timezones.

Pure functions of (value, language); the template tags and the date filters call them.
"""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import jdatetime
from babel.dates import format_date, format_datetime
from django.utils import timezone

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Persian (U+06F0..) and Arabic-Indic (U+0660..) digits, as users type them, to ASCII.
ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# A year below this is read as a Jalali year (the Jalali calendar is ~621 years behind).
JALALI_YEAR_LIMIT = 1700
DATE_INPUT = re.compile(r"^\s*(\d{3,4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")


def digits(value: object, language: str) -> str:
    """`value` as text, with Persian digits when the language is Persian."""
    text = str(value)
    return text.translate(PERSIAN_DIGITS) if language == "fa" else text


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def format_moment(moment: datetime, language: str, *, with_time: bool = True) -> str:
    """A moment in the active timezone: Jalali with Persian month names for Persian."""
    local = timezone.localtime(moment)
    if language == "fa":
        jalali = jdatetime.datetime.fromgregorian(datetime=local, locale="fa_IR")
        pattern = "%d %B %Y، %H:%M" if with_time else "%d %B %Y"
        return digits(jalali.strftime(pattern).lstrip("0"), "fa")
    if with_time:
        return format_datetime(local, "d MMM y, HH:mm", locale=language, tzinfo=local.tzinfo)
    return format_date(local.date(), "d MMM y", locale=language)


def format_day(day: date, language: str) -> str:
    if language == "fa":
        jalali = jdatetime.date.fromgregorian(date=day, locale="fa_IR")
        return digits(jalali.strftime("%d %B %Y").lstrip("0"), "fa")
    return format_date(day, "d MMM y", locale=language)


def parse_day(text: str) -> date | None:
    """A date typed by an agent: 2024-08-03, or Jalali 1403/05/13 (any digits); else None."""
    match = DATE_INPUT.match(text.translate(ASCII_DIGITS))
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        if year < JALALI_YEAR_LIMIT:
            gregorian: date = jdatetime.date(year, month, day).togregorian()
            return gregorian
        return date(year, month, day)
    except ValueError:
        return None


def start_of(day: date, tz_name: str) -> datetime:
    """Midnight at the start of `day` in the agent's timezone, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=zone(tz_name))


def timezone_names() -> list[str]:
    return sorted(available_timezones() - {"localtime", "Factory"})
