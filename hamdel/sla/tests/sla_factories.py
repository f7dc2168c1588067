"""Plain typed builders for SLA policies and calendars stored in the database."""

from typing import Any

from hamdel.people.models import Team
from hamdel.sla.actions import import_calendar, save_policy
from hamdel.sla.calendars import WEEKDAYS
from hamdel.sla.models import Calendar, SlaPolicy
from hamdel.sla.tests.calendar_factories import OFFICE_HOURS


def make_policy(
    name: str = "Standard", *, teams: list[Team] | None = None, **fields: Any
) -> SlaPolicy:
    fields.setdefault("first_response_minutes", 60)
    fields.setdefault("next_response_minutes", 120)
    fields.setdefault("resolution_minutes", 480)
    fields.setdefault("notify_supervisor", False)
    return save_policy(SlaPolicy(name=name, **fields), teams=teams)


def make_stored_calendar(name: str = "Berlin office", **overrides: Any) -> Calendar:
    definition: dict[str, Any] = {
        "name": name,
        "timezone": "Europe/Berlin",
        "periods": dict.fromkeys(WEEKDAYS[:5], OFFICE_HOURS),
        **overrides,
    }
    calendar, _created = import_calendar(definition)
    return calendar
