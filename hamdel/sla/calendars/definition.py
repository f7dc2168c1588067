"""A business calendar as data, and its JSON file format.

The file format (documented in docs/calendars.md)::

    {"name": "Tehran support", "timezone": "Asia/Tehran",
     "periods": {"sat": [["08:00", "12:00"], ["13:00", "17:00"]], "fri": [], ...},
     "holidays": {"country": "IR", "subdivision": null,
                  "overrides": {"2030-02-05": null, "2030-02-06": "Eid al-Fitr"}},
     "closures": [["2026-12-31", "2027-01-01"]],
     "extra_working_days": {"2027-01-08": [["08:00", "12:00"]]}}

A period belongs to the local date it starts on; one whose end is not after its start runs
past midnight into the next day ("24:00" is also accepted as an end). A missing weekday has
no working periods.
"""

import functools
import json
import re
import threading
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holiday_library

from hamdel.sla.calendars.zones import first_instant, last_instant, start_of_day

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index is date.weekday()
MINUTES_PER_DAY = 24 * 60
_TIME = re.compile(r"^(?P<hour>[01]\d|2[0-4]):(?P<minute>[0-5]\d)$")
_TOP_LEVEL_KEYS = {"name", "timezone", "periods", "holidays", "closures", "extra_working_days"}
_HOLIDAY_KEYS = {"country", "subdivision", "overrides"}
_PAIR_LINES = re.compile(r'\[\s*"([^"\n]*)",\s*"([^"\n]*)"\s*\]')


class CalendarFormatError(ValueError):
    """A calendar definition that cannot be used; `problems` lists every one found."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True, order=True)
class Period:
    """A working period in local wall-clock minutes after midnight of the day it starts."""

    start: int  # 0..1439
    end: int  # 0..1440; not after `start` means it ends on the next day

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start or self.end == MINUTES_PER_DAY

    def as_pair(self) -> list[str]:
        return [_format_minutes(self.start), _format_minutes(self.end)]

    def instants(self, zone: ZoneInfo, day: date) -> tuple[datetime, datetime]:
        """The UTC instants this period covers when it starts on local date `day`."""
        start = first_instant(zone, datetime.combine(day, _wall_time(self.start)))
        end_day = day + timedelta(days=1) if self.crosses_midnight else day
        end = last_instant(zone, datetime.combine(end_day, _wall_time(self.end % MINUTES_PER_DAY)))
        return start, end


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str
    estimated: bool  # the library computed it from the Islamic calendar; it may move a day
    corrected: bool  # an admin's override set or removed it


@dataclass(frozen=True)
class HolidaySource:
    country: str
    subdivision: str | None = None
    # date -> name of a holiday on that date, or None to remove the library's holiday there.
    overrides: tuple[tuple[date, str | None], ...] = ()


@dataclass(frozen=True)
class BusinessCalendar:
    """When a team works: weekly periods, public holidays, closures and extra working days.

    Immutable; the arithmetic lives in `hamdel.sla.calendars.engine`. Lookups are cached per
    instance, so keep one instance per definition rather than rebuilding it per call.
    """

    name: str
    timezone: str
    weekly: tuple[tuple[Period, ...], ...]  # seven entries, Monday first
    holidays: HolidaySource | None = None
    closures: tuple[tuple[date, date], ...] = ()  # inclusive local dates, sorted
    extra_working_days: tuple[tuple[date, tuple[Period, ...]], ...] = ()  # sorted by date

    zone: ZoneInfo = field(init=False, repr=False, compare=False)
    _extra: dict[date, tuple[Period, ...]] = field(init=False, repr=False, compare=False)
    _closure_starts: list[date] = field(init=False, repr=False, compare=False)
    _closure_ranges: list[tuple[date, date]] = field(init=False, repr=False, compare=False)
    _holiday_years: dict[int, dict[date, Holiday]] = field(init=False, repr=False, compare=False)
    _lock: threading.Lock = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Derived lookups on a frozen dataclass: set once here, never changed afterwards.
        object.__setattr__(self, "zone", ZoneInfo(self.timezone))
        object.__setattr__(self, "_extra", dict(self.extra_working_days))
        merged = _merge_date_ranges(self.closures)
        object.__setattr__(self, "_closure_ranges", merged)
        object.__setattr__(self, "_closure_starts", [start for start, _ in merged])
        object.__setattr__(self, "_holiday_years", {})
        object.__setattr__(self, "_lock", threading.Lock())

    # --- what a local date looks like ------------------------------------------------------

    @property
    def has_working_time(self) -> bool:
        """False when no weekday and no extra working day has a period: nothing can be due."""
        return any(self.weekly) or any(periods for _, periods in self.extra_working_days)

    def periods_on(self, day: date) -> tuple[Period, ...]:
        """The periods starting on a local date: its extra working day, else its weekday's
        unless it is a public holiday. Closures are applied later, to instants."""
        if day in self._extra:
            return self._extra[day]
        if self.holiday_on(day) is not None:
            return ()
        return self.weekly[day.weekday()]

    def closure_end(self, day: date) -> date | None:
        """The last date of the closure containing `day`, if any."""
        index = bisect_right(self._closure_starts, day) - 1
        if index >= 0 and self._closure_ranges[index][1] >= day:
            return self._closure_ranges[index][1]
        return None

    def closed_instants(self, since: date, until: date) -> list[tuple[datetime, datetime]]:
        """Closures overlapping local dates since..until, as UTC [start, end) instants."""
        index = max(bisect_right(self._closure_starts, since) - 1, 0)
        found = []
        for first, last in self._closure_ranges[index:]:
            if first > until:
                break
            if last >= since:
                found.append(
                    (
                        start_of_day(self.zone, first),
                        start_of_day(self.zone, last + timedelta(days=1)),
                    )
                )
        return found

    # --- public holidays ------------------------------------------------------------------

    def holiday_on(self, day: date) -> Holiday | None:
        return self._holidays_of(day.year).get(day)

    def holidays_in(self, year: int) -> list[Holiday]:
        return sorted(self._holidays_of(year).values(), key=lambda holiday: holiday.day)

    def _holidays_of(self, year: int) -> dict[date, Holiday]:
        # Holiday objects from the library expand lazily and are not thread-safe, so each
        # year is built once under the lock into a plain dict that is only read afterwards.
        with self._lock:
            if year not in self._holiday_years:
                self._holiday_years[year] = self._build_holidays(year)
            return self._holiday_years[year]

    def _build_holidays(self, year: int) -> dict[date, Holiday]:
        source = self.holidays
        if source is None:
            return {}
        found: dict[date, Holiday] = {}
        library = _country_holidays(source.country, source.subdivision, year)
        prefix, suffix = _estimated_label(library)
        for day, names in library.items():
            parts = []
            estimated = False
            for part in (piece.strip() for piece in str(names).split(";")):
                # The flag carries "estimated"; the name stays clean for display.
                if (prefix or suffix) and part.startswith(prefix) and part.endswith(suffix):
                    estimated = True
                    part = part[len(prefix) : len(part) - len(suffix)]
                parts.append(part)
            found[day] = Holiday(day, "; ".join(parts), estimated=estimated, corrected=False)
        for day, name in source.overrides:
            if day.year != year:
                continue
            if name is None:
                found.pop(day, None)
            else:
                found[day] = Holiday(day, name, estimated=False, corrected=True)
        return found

    # --- the file format ------------------------------------------------------------------

    @classmethod
    def from_json(cls, text: str) -> "BusinessCalendar":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CalendarFormatError([f"not valid JSON: {error}"]) from error
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> "BusinessCalendar":
        """Validate a parsed calendar file, reporting every problem at once."""
        problems: list[str] = []
        if not isinstance(data, dict):
            raise CalendarFormatError(["a calendar must be a JSON object"])
        for key in sorted(set(data) - _TOP_LEVEL_KEYS):
            problems.append(f"unknown key {key!r} (expected one of {sorted(_TOP_LEVEL_KEYS)})")

        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append("name: must be a non-empty string")
            name = ""
        timezone = _parse_timezone(data.get("timezone"), problems)
        weekly = _parse_weekly(data.get("periods", {}), problems)
        holiday_source = _parse_holidays(data.get("holidays"), problems)
        closures = _parse_closures(data.get("closures", []), problems)
        extra = _parse_extra_days(data.get("extra_working_days", {}), problems)
        if problems:
            raise CalendarFormatError(problems)
        return cls(
            name=name.strip(),
            timezone=timezone,
            weekly=weekly,
            holidays=holiday_source,
            closures=closures,
            extra_working_days=extra,
        )

    def to_dict(self) -> dict[str, Any]:
        """The canonical file form: every weekday listed, dates sorted, ready to diff."""
        holidays_part: dict[str, Any] | None = None
        if self.holidays is not None:
            holidays_part = {"country": self.holidays.country}
            if self.holidays.subdivision:
                holidays_part["subdivision"] = self.holidays.subdivision
            if self.holidays.overrides:
                holidays_part["overrides"] = {
                    day.isoformat(): name for day, name in self.holidays.overrides
                }
        return {
            "name": self.name,
            "timezone": self.timezone,
            "periods": {
                weekday: [period.as_pair() for period in periods]
                for weekday, periods in zip(WEEKDAYS, self.weekly, strict=True)
            },
            "holidays": holidays_part,
            "closures": [[first.isoformat(), last.isoformat()] for first, last in self.closures],
            "extra_working_days": {
                day.isoformat(): [period.as_pair() for period in periods]
                for day, periods in self.extra_working_days
            },
        }

    def to_json(self) -> str:
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        # One line per [start, end] or [first, last] pair keeps files short and diffs readable.
        return _PAIR_LINES.sub(r'["\1", "\2"]', text) + "\n"

    def with_holiday_override(self, day: date, name: str | None) -> "BusinessCalendar":
        """A copy where `day` is a holiday called `name`, or no holiday when `name` is None."""
        if self.holidays is None:
            raise CalendarFormatError(["holidays: this calendar has no country to correct"])
        overrides = dict(self.holidays.overrides)
        overrides[day] = name
        source = HolidaySource(
            country=self.holidays.country,
            subdivision=self.holidays.subdivision,
            overrides=tuple(sorted(overrides.items())),
        )
        return BusinessCalendar(
            name=self.name,
            timezone=self.timezone,
            weekly=self.weekly,
            holidays=source,
            closures=self.closures,
            extra_working_days=self.extra_working_days,
        )


# --- parsing helpers ------------------------------------------------------------------------


def _wall_time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def _format_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_minutes(value: Any, where: str, problems: list[str], *, is_end: bool) -> int | None:
    match = _TIME.match(value) if isinstance(value, str) else None
    if match is None:
        problems.append(f"{where}: {value!r} is not a time like '08:30' (24-hour HH:MM)")
        return None
    minutes = int(match["hour"]) * 60 + int(match["minute"])
    if minutes > MINUTES_PER_DAY or (minutes == MINUTES_PER_DAY and not is_end):
        problems.append(f"{where}: {value!r} is out of range ('24:00' only ends a period)")
        return None
    return minutes


def _parse_periods(value: Any, where: str, problems: list[str]) -> tuple[Period, ...]:
    if not isinstance(value, list):
        problems.append(f"{where}: must be a list of [start, end] pairs")
        return ()
    periods = []
    for index, pair in enumerate(value):
        spot = f"{where}[{index}]"
        if not isinstance(pair, list) or len(pair) != 2:
            problems.append(f"{spot}: must be a [start, end] pair like ['08:00', '12:00']")
            continue
        start = _parse_minutes(pair[0], f"{spot} start", problems, is_end=False)
        end = _parse_minutes(pair[1], f"{spot} end", problems, is_end=True)
        if start is not None and end is not None:
            periods.append(Period(start, end))
    return tuple(sorted(periods))


def _parse_weekly(value: Any, problems: list[str]) -> tuple[tuple[Period, ...], ...]:
    if not isinstance(value, dict):
        problems.append("periods: must be an object with weekday keys mon..sun")
        return ((),) * 7
    for key in value:
        if key not in WEEKDAYS:
            problems.append(f"periods: unknown weekday {key!r} (use {', '.join(WEEKDAYS)})")
    return tuple(
        _parse_periods(value.get(weekday, []), f"periods.{weekday}", problems)
        for weekday in WEEKDAYS
    )


def _parse_timezone(value: Any, problems: list[str]) -> str:
    if not isinstance(value, str) or not value:
        problems.append("timezone: must be an IANA name like 'Asia/Tehran'")
        return "UTC"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            f"timezone: unknown timezone {value!r} (use an IANA name like 'Asia/Tehran')"
        )
        return "UTC"
    return value


def _parse_date(value: Any, where: str, problems: list[str]) -> date | None:
    try:
        if not isinstance(value, str):
            raise ValueError
        parsed = date.fromisoformat(value)
        if len(value) != 10:
            raise ValueError
    except ValueError:
        problems.append(f"{where}: {value!r} is not a date like '2027-01-08'")
        return None
    if parsed == date.max:
        problems.append(f"{where}: {value!r} is out of range")
        return None
    return parsed


def _parse_holidays(value: Any, problems: list[str]) -> HolidaySource | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append("holidays: must be an object like {'country': 'IR'} or null")
        return None
    for key in sorted(set(value) - _HOLIDAY_KEYS):
        problems.append(f"holidays: unknown key {key!r} (expected one of {sorted(_HOLIDAY_KEYS)})")
    country = value.get("country")
    subdivision = value.get("subdivision")
    supported = holiday_library.list_supported_countries()
    if not isinstance(country, str) or country.upper() not in supported:
        problems.append(
            f"holidays.country: unknown country {country!r} (use an ISO code like 'IR')"
        )
        return None
    country = country.upper()
    if subdivision is not None:
        if not isinstance(subdivision, str):
            problems.append("holidays.subdivision: must be a string or null")
            return None
        try:
            holiday_library.country_holidays(country, subdiv=subdivision)
        except NotImplementedError:
            problems.append(
                f"holidays.subdivision: {country} has no subdivision {subdivision!r} "
                f"(known: {', '.join(supported[country]) or 'none'})"
            )
            return None
    overrides: dict[date, str | None] = {}
    raw_overrides = value.get("overrides", {})
    if not isinstance(raw_overrides, dict):
        problems.append("holidays.overrides: must be an object of date -> name or null")
        raw_overrides = {}
    for key, name in raw_overrides.items():
        day = _parse_date(key, f"holidays.overrides {key!r}", problems)
        if name is not None and (not isinstance(name, str) or not name.strip()):
            problems.append(f"holidays.overrides {key!r}: must be a holiday name or null")
            continue
        if day is not None:
            overrides[day] = name.strip() if name is not None else None
    return HolidaySource(country, subdivision, tuple(sorted(overrides.items())))


def _parse_closures(value: Any, problems: list[str]) -> tuple[tuple[date, date], ...]:
    if not isinstance(value, list):
        problems.append("closures: must be a list of [first, last] local date pairs")
        return ()
    closures = []
    for index, pair in enumerate(value):
        where = f"closures[{index}]"
        if not isinstance(pair, list) or len(pair) != 2:
            problems.append(
                f"{where}: must be a [first, last] pair like ['2026-12-31', '2027-01-01']"
            )
            continue
        first = _parse_date(pair[0], f"{where} first", problems)
        last = _parse_date(pair[1], f"{where} last", problems)
        if first is not None and last is not None:
            if last < first:
                problems.append(f"{where}: last date {pair[1]} is before first date {pair[0]}")
            else:
                closures.append((first, last))
    return tuple(sorted(closures))


def _parse_extra_days(
    value: Any, problems: list[str]
) -> tuple[tuple[date, tuple[Period, ...]], ...]:
    if not isinstance(value, dict):
        problems.append("extra_working_days: must be an object of date -> periods")
        return ()
    days = []
    for key, periods in value.items():
        day = _parse_date(key, f"extra_working_days {key!r}", problems)
        parsed = _parse_periods(periods, f"extra_working_days.{key}", problems)
        if day is not None:
            days.append((day, parsed))
    return tuple(sorted(days))


def _merge_date_ranges(ranges: Sequence[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


@functools.cache
def _holiday_language(country: str) -> str | None:
    """English names where the library has them, so estimated dates are recognisable."""
    probe = holiday_library.country_holidays(country, years=[])
    return "en_US" if "en_US" in getattr(probe, "supported_languages", ()) else None


def _country_holidays(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    result: Mapping[date, str] = holiday_library.country_holidays(
        country, subdiv=subdivision, years=year, language=_holiday_language(country)
    )
    return result


def _estimated_label(library: Any) -> tuple[str, str]:
    """The text the library wraps around an estimated holiday's name, e.g. ('', ' (estimated)')."""
    label = getattr(library, "estimated_label", None)
    translate = getattr(library, "tr", None)
    if not isinstance(label, str) or translate is None:
        return "", ""
    template = str(translate(label))
    if "%s" not in template:
        return "", ""
    prefix, suffix = template.split("%s", 1)
    return prefix, suffix
