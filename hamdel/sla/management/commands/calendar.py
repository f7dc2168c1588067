"""`hamdel calendar import FILE | export NAME | add NAME START MINUTES | between NAME START END`."""

import json
from argparse import ArgumentParser
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hamdel.sla import actions
from hamdel.sla.calendars import (
    BusinessCalendar,
    CalendarFormatError,
    NoWorkingTime,
    add_business_minutes,
    business_minutes_between,
    business_seconds_between,
)
from hamdel.sla.models import Calendar


def _instant(text: str) -> datetime:
    try:
        instant = datetime.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            f"{text!r} is not an ISO 8601 instant like 2026-06-01T09:00:00+03:30"
        ) from error
    if instant.tzinfo is None:
        raise CommandError(f"{text!r} has no offset; add one, e.g. +03:30 or Z")
    return instant


def _minutes(text: str) -> Decimal:
    try:
        minutes = Decimal(text)
    except InvalidOperation as error:
        raise CommandError(f"{text!r} is not a number of minutes") from error
    if not minutes.is_finite() or minutes < 0:
        raise CommandError(f"{text!r} is not a number of minutes")
    return minutes


def _number(value: Decimal) -> int | float:
    """JSON has no decimals: whole minutes print as integers, others as floats."""
    return int(value) if value == value.to_integral_value() else float(value)


class Command(BaseCommand):
    help = (
        "Business calendars as files, and business-time arithmetic on them: "
        "import FILE.json | export NAME | add NAME START MINUTES | between NAME START END."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        importing = sub.add_parser("import", help="create or replace (by name) a calendar")
        importing.add_argument("file", type=Path)
        exporting = sub.add_parser("export", help="print a calendar's file")
        exporting.add_argument("name")
        adding = sub.add_parser("add", help="the instant MINUTES business minutes after START")
        adding.add_argument("name")
        adding.add_argument("start")
        adding.add_argument("minutes")
        between = sub.add_parser("between", help="business minutes from START to END")
        between.add_argument("name")
        between.add_argument("start")
        between.add_argument("end")
        for command in (importing, exporting, adding, between):
            command.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        try:
            if verb == "import":
                self._import(options["file"], options["json"])
                return
            calendar = self._load(options["name"])
            if verb == "export":
                self.stdout.write(calendar.to_json(), ending="")
            elif verb == "add":
                due = add_business_minutes(
                    calendar, _instant(options["start"]), _minutes(options["minutes"])
                )
                local = due.astimezone(calendar.zone).isoformat()
                self.stdout.write(json.dumps({"due": local}) if options["json"] else local)
            else:
                start, end = _instant(options["start"]), _instant(options["end"])
                minutes = business_minutes_between(calendar, start, end)
                if options["json"]:
                    seconds = business_seconds_between(calendar, start, end)
                    self.stdout.write(json.dumps({"minutes": _number(minutes), "seconds": seconds}))
                else:
                    self.stdout.write(str(minutes))
        except (CalendarFormatError, NoWorkingTime, ValueError) as error:
            raise CommandError(str(error)) from error

    def _load(self, name: str) -> BusinessCalendar:
        calendar = Calendar.objects.filter(name=name).first()
        if calendar is None:
            known = ", ".join(Calendar.objects.values_list("name", flat=True)) or "none yet"
            raise CommandError(f"No calendar named {name!r} (known: {known}).")
        return calendar.business_calendar()

    def _import(self, path: Path, as_json: bool) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        try:
            definition = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(f"{path} is not valid JSON: {error}") from error
        calendar, created = actions.import_calendar(definition)
        if as_json:
            self.stdout.write(json.dumps({"name": calendar.name, "created": created}))
        else:
            self.stdout.write(f"{'Created' if created else 'Replaced'} calendar {calendar.name!r}.")
