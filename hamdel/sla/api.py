"""SLA endpoints: policies, calendars, holiday corrections and team calendars.

Every agent may read; only administrators write. Thin: parse, call sla.actions, return.
Errors are Django ValidationErrors keyed by field, which the API turns into its JSON shape.
"""

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Body, Query, Router, Schema, Status
from pydantic import Field

from hamdel.lib.validation import PathId
from hamdel.people.models import Team
from hamdel.people.permissions import caller, require_admin
from hamdel.sla import actions
from hamdel.sla.calendars import CalendarFormatError
from hamdel.sla.models import Calendar, SlaPolicy, TeamCalendar
from hamdel.sla.schemas import (
    CalendarOut,
    HolidayIn,
    HolidayOut,
    ImportedOut,
    PolicyIn,
    PolicyOut,
    PolicyPatch,
    ReorderIn,
    TeamCalendarIn,
    TeamCalendarOut,
)

router = Router(tags=["sla"])

# A calendar problem starts with where it is: "periods.tue[0] start: ..." -> "periods".
_PROBLEM_FIELD = re.compile(r"^([a-z_]+)\b[^:]*: ")
# Fields of a policy that name other rows; the API takes ids.
_REFERENCES = {"team_ids", "calendar_id", "escalate_to_team_id"}


def _policies() -> QuerySet[SlaPolicy]:
    return SlaPolicy.objects.prefetch_related("teams").order_by("position", "id")


def _calendars() -> QuerySet[Calendar]:
    return Calendar.objects.prefetch_related("teams").order_by("name")


def _format_error(error: CalendarFormatError) -> ValidationError:
    by_field: dict[str, list[str]] = {}
    for problem in error.problems:
        match = _PROBLEM_FIELD.match(problem)
        by_field.setdefault(match.group(1) if match else "definition", []).append(problem)
    return ValidationError(by_field)


def _references(fields: dict[str, Any]) -> dict[str, Any]:
    """Turn calendar_id, escalate_to_team_id and team_ids into rows, or say which is wrong."""
    found: dict[str, Any] = {}
    if "calendar_id" in fields:
        calendar_id = fields["calendar_id"]
        found["calendar"] = None
        if calendar_id is not None:
            found["calendar"] = Calendar.objects.filter(pk=calendar_id).first()
            if found["calendar"] is None:
                raise ValidationError({"calendar_id": _("No calendar has this id.")})
    if "escalate_to_team_id" in fields:
        team_id = fields["escalate_to_team_id"]
        found["escalate_to_team"] = None
        if team_id is not None:
            found["escalate_to_team"] = Team.objects.filter(pk=team_id).first()
            if found["escalate_to_team"] is None:
                raise ValidationError({"escalate_to_team_id": _("No team has this id.")})
    if fields.get("team_ids") is not None:
        wanted = set(fields["team_ids"])
        teams = list(Team.objects.filter(pk__in=wanted))
        if len(teams) != len(wanted):
            raise ValidationError({"team_ids": _("No team has one of these ids.")})
        found["teams"] = teams
    return found


def _save(request: HttpRequest, policy: SlaPolicy, fields: dict[str, Any]) -> SlaPolicy:
    rows = _references(fields)
    teams = rows.pop("teams", None)
    for name, value in [*fields.items(), *rows.items()]:
        if name not in _REFERENCES:
            setattr(policy, name, value)
    actions.save_policy(policy, caller(request), teams=teams)
    return _policies().get(pk=policy.pk)


@router.get("/sla/policies", response=list[PolicyOut])
def list_policies(request: HttpRequest) -> list[SlaPolicy]:
    """Every policy, in the order they are tried (inactive ones included)."""
    return list(_policies())


@router.get("/sla/policies/{int:policy_id}", response=PolicyOut)
def get_policy(request: HttpRequest, policy_id: PathId) -> SlaPolicy:
    return get_object_or_404(_policies(), pk=policy_id)


@router.post("/sla/policies", response={201: PolicyOut})
def create_policy(request: HttpRequest, payload: PolicyIn) -> Status[SlaPolicy]:
    require_admin(request)
    fields = payload.dict()
    if fields["position"] is None:
        last = SlaPolicy.objects.order_by("-position").values_list("position", flat=True).first()
        fields["position"] = (last or 0) + 1
    return Status(201, _save(request, SlaPolicy(), fields))


@router.patch("/sla/policies/{int:policy_id}", response=PolicyOut)
def update_policy(request: HttpRequest, policy_id: PathId, payload: PolicyPatch) -> SlaPolicy:
    require_admin(request)
    policy = get_object_or_404(SlaPolicy, pk=policy_id)
    fields = payload.dict(exclude_unset=True)
    for name in ("name", "position", "is_active", "warning_percent", "on_reopen"):
        if name in fields and fields[name] is None:
            raise ValidationError({name: _("This field cannot be null.")})
    for name in ("channels", "priorities", "categories", "tiers", "team_ids"):
        if name in fields and fields[name] is None:
            fields[name] = []
    for name in ("notify_supervisor", "raise_priority"):
        if name in fields and fields[name] is None:
            fields[name] = False
    return _save(request, policy, fields)


@router.post("/sla/policies/reorder", response=list[PolicyOut])
def reorder_policies(request: HttpRequest, payload: ReorderIn) -> list[SlaPolicy]:
    """Set the order policies are tried in: `ids` lists every policy once, first to last."""
    require_admin(request)
    actions.reorder_policies(payload.ids, caller(request))
    return list(_policies())


@router.delete("/sla/policies/{int:policy_id}", response={200: PolicyOut, 204: None})
def remove_policy(request: HttpRequest, policy_id: PathId) -> Status[SlaPolicy | None]:
    """Delete a policy no clock ever ran on (204). A policy with clocks is deactivated
    instead and returned (200), so past breaches keep naming their policy."""
    require_admin(request)
    policy = get_object_or_404(SlaPolicy, pk=policy_id)
    if actions.remove_policy(policy, caller(request)):
        return Status(204, None)
    return Status(200, _policies().get(pk=policy_id))


@router.get("/sla/calendars", response=list[CalendarOut])
def list_calendars(request: HttpRequest) -> list[Calendar]:
    return list(_calendars())


@router.post("/sla/calendars/import", response={200: ImportedOut, 201: ImportedOut})
def import_calendar(
    request: HttpRequest, payload: Body[dict[str, Any]]
) -> Status[dict[str, object]]:
    """Create, or replace by name, a calendar from its file form (docs/calendars.md);
    201 when created, 200 when replaced. Every problem in the file is reported at once."""
    require_admin(request)
    try:
        calendar, created = actions.import_calendar(payload, caller(request))
    except CalendarFormatError as error:
        raise _format_error(error) from error
    body = {"created": created, "calendar": _calendars().get(pk=calendar.pk)}
    return Status(201 if created else 200, body)


@router.get("/sla/calendars/{int:calendar_id}/export", response=dict[str, Any])
def export_calendar(request: HttpRequest, calendar_id: PathId) -> dict[str, Any]:
    """The calendar's file in its canonical form, ready for `hamdel calendar import`."""
    calendar = get_object_or_404(Calendar, pk=calendar_id)
    return calendar.business_calendar().to_dict()


class YearFilter(Schema):
    year: int = Field(0, ge=0, le=9999, description="0: this year")


@router.get("/sla/calendars/{int:calendar_id}/holidays", response=list[HolidayOut])
def list_holidays(
    request: HttpRequest, calendar_id: PathId, filters: Query[YearFilter]
) -> list[dict[str, object]]:
    """The public holidays of a year (default: this year), flagged estimated or corrected."""
    calendar = get_object_or_404(Calendar, pk=calendar_id)
    year = filters.year or date.today().year  # noqa: DTZ011 - a year needs no timezone
    if not 1 <= year <= 9999:
        raise ValidationError({"year": _("Give a year between 1 and 9999.")})
    holidays = calendar.business_calendar().holidays_in(year)
    return [
        {
            "date": holiday.day,
            "name": holiday.name,
            "estimated": holiday.estimated,
            "corrected": holiday.corrected,
        }
        for holiday in holidays
    ]


@router.put("/sla/calendars/{int:calendar_id}/holidays/{day}", response=HolidayOut)
def correct_holiday(
    request: HttpRequest, calendar_id: PathId, day: date, payload: HolidayIn
) -> dict[str, object]:
    """Correct one date: a holiday called `name` on it, or none when `name` is null
    (an Islamic-calendar holiday the library estimated a day off, for instance)."""
    require_admin(request)
    calendar = get_object_or_404(Calendar, pk=calendar_id)
    name = payload.name.strip() if payload.name is not None else None
    if name == "":
        raise ValidationError({"name": _("Give the holiday a name, or null for no holiday.")})
    try:
        calendar = actions.correct_holiday(calendar, day, name, caller(request))
    except CalendarFormatError as error:
        raise _format_error(error) from error
    holiday = calendar.business_calendar().holiday_on(day)
    return {
        "date": day,
        "name": holiday.name if holiday else None,
        "estimated": holiday.estimated if holiday else False,
        "corrected": True,
    }


@router.get("/sla/teams/{int:team_id}/calendar", response=TeamCalendarOut)
def get_team_calendar(request: HttpRequest, team_id: PathId) -> dict[str, object]:
    team = get_object_or_404(Team, pk=team_id)
    link = TeamCalendar.objects.filter(team=team).first()
    return {"team_id": team.pk, "calendar_id": link.calendar_id if link else None}


@router.put("/sla/teams/{int:team_id}/calendar", response=TeamCalendarOut)
def set_team_calendar(
    request: HttpRequest, team_id: PathId, payload: TeamCalendarIn
) -> dict[str, object]:
    """Which calendar the team's clocks run on; null: round the clock. Clocks already
    running keep their due times; new and resumed ones use the new calendar."""
    require_admin(request)
    team = get_object_or_404(Team, pk=team_id)
    calendar = None
    if payload.calendar_id is not None:
        calendar = Calendar.objects.filter(pk=payload.calendar_id).first()
        if calendar is None:
            raise ValidationError({"calendar_id": _("No calendar has this id.")})
    actions.set_team_calendar(team, calendar, caller(request))
    return {"team_id": team.pk, "calendar_id": calendar.pk if calendar else None}
