"""Administrators' pages for SLA policies and business calendars (docs/sla.md).

Thin: validate with hamdel.sla.forms, write through hamdel.sla.actions, render.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.lib.web import attempt
from hamdel.people.models import Team
from hamdel.people.permissions import agent_required, me, require_admin
from hamdel.sla import actions
from hamdel.sla.calendars import CalendarFormatError
from hamdel.sla.forms import CalendarImportForm, PolicyForm, TeamCalendarForm, matches_of
from hamdel.sla.models import Calendar, SlaPolicy, TeamCalendar


def _policies() -> QuerySet[SlaPolicy]:
    return (
        SlaPolicy.objects.select_related("calendar", "escalate_to_team")
        .prefetch_related("teams")
        .order_by("position", "id")
    )


@agent_required
def policies(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    rows = [(policy, matches_of(policy)) for policy in _policies()]
    return render(request, "sla/policies.html", {"rows": rows})


@agent_required
def policy(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create (no pk: it goes after every other policy) or edit a policy."""
    require_admin(request)
    found = get_object_or_404(SlaPolicy, pk=pk) if pk is not None else None
    form = PolicyForm(request.POST or None, initial=PolicyForm.initial_of(found) if found else None)
    if request.method == "POST" and form.is_valid():
        last = SlaPolicy.objects.aggregate(last=Max("position"))["last"] or 0
        target = found or SlaPolicy(position=last + 1)
        teams = form.fill(target)
        try:
            actions.save_policy(target, me(request), teams=teams)
        except ValidationError as error:
            form.show(error)
        else:
            messages.success(request, _("Saved."))
            return redirect("sla-policies")
    return render(request, "sla/policy.html", {"policy": found, "form": form})


@agent_required
@require_POST
def move_policy(request: HttpRequest, pk: int) -> HttpResponse:
    """One step earlier (direction=up) or later in the order policies are tried."""
    require_admin(request)
    ids = list(SlaPolicy.objects.order_by("position", "id").values_list("pk", flat=True))
    if pk not in ids:
        raise Http404
    here = ids.index(pk)
    there = here - 1 if request.POST.get("direction") == "up" else here + 1
    if 0 <= there < len(ids):
        ids[here], ids[there] = ids[there], ids[here]
        attempt(request, actions.reorder_policies, ids, me(request))
    return redirect("sla-policies")


@agent_required
@require_POST
def remove_policy(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a policy no clock ever ran on; deactivate one with clocks, as the API does."""
    require_admin(request)
    found = get_object_or_404(SlaPolicy, pk=pk)
    if actions.remove_policy(found, me(request)):
        messages.success(request, _("Policy %(name)s deleted.") % {"name": found.name})
    else:
        messages.success(
            request,
            _("Clocks have run on policy %(name)s, so it was deactivated rather than deleted.")
            % {"name": found.name},
        )
    return redirect("sla-policies")


@agent_required
def calendars(request: HttpRequest) -> HttpResponse:
    """The calendars, the import form, and which calendar each team works by."""
    require_admin(request)
    posted = request.method == "POST"
    form = CalendarImportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            calendar, created = actions.import_calendar(form.cleaned_data["file"], me(request))
        except CalendarFormatError as error:
            form.add_error("file", error.problems)
        else:
            done = _("Calendar %(name)s created.") if created else _("Calendar %(name)s replaced.")
            messages.success(request, done % {"name": calendar.name})
            return redirect("sla-calendars")
    links = dict(TeamCalendar.objects.values_list("team_id", "calendar_id"))
    context = {
        "calendars": Calendar.objects.prefetch_related("teams__team").order_by("name"),
        "teams": [(team, links.get(team.pk)) for team in Team.objects.order_by("name")],
        "form": form,
    }
    return render(request, "sla/calendars.html", context)


@agent_required
def export_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The calendar's file in canonical form, as a download (`hamdel calendar export`)."""
    require_admin(request)
    found = get_object_or_404(Calendar, pk=pk)
    response = HttpResponse(
        found.business_calendar().to_json(), content_type="application/json; charset=utf-8"
    )
    filename = f"{slugify(found.name, allow_unicode=True) or 'calendar'}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response


@agent_required
@require_POST
def team_calendar(request: HttpRequest) -> HttpResponse:
    """Which calendar a team's clocks run on; no calendar: round the clock."""
    require_admin(request)
    form = TeamCalendarForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        actions.set_team_calendar(data["team"], data["calendar"], me(request))
        messages.success(request, _("Saved."))
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, str(problem))
    return redirect("sla-calendars")
