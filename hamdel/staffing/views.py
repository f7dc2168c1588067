"""The staffing pages: the supervisor's plan per queue, the waiting work, the agent's day."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.lib.web import attempt, back
from hamdel.people.models import Presence, Team
from hamdel.people.permissions import agent_required, me, my_agent, require_supervisor
from hamdel.staffing import actions, queries
from hamdel.staffing.chart import chart_of
from hamdel.staffing.forms import PlanForm, PresenceForm, PulseForm, QueueForm, ShiftForm
from hamdel.staffing.models import PulseTaken


@agent_required
def overview(request: HttpRequest) -> HttpResponse:
    require_supervisor(request)
    teams = list(Team.objects.order_by("name"))
    counts = queries.waiting_counts()
    context = {
        "rows": [(team, queries.queue_for(team), counts.get(team.pk, 0)) for team in teams],
        "pulse": queries.pulse_summary(timezone.localdate()),
        "min_group": queries.MIN_GROUP,
    }
    return render(request, "staffing/overview.html", context)


@agent_required
def team(request: HttpRequest, team_id: int) -> HttpResponse:
    require_supervisor(request)
    team = get_object_or_404(Team, pk=team_id)
    form = PlanForm(request.GET or None)
    day, minutes, channel = timezone.localdate(), 30, ""
    if form.is_valid():
        day = form.cleaned_data["day"] or day
        minutes = form.cleaned_data["interval"] or minutes
        channel = form.cleaned_data["channel"] or ""
    plan = queries.plan_for(team, day, minutes, channel)
    context = {
        "team": team,
        "plan": plan,
        "chart": chart_of(plan.intervals),
        "form": form,
        "queue_form": QueueForm(instance=plan.queue),
        "shift_form": ShiftForm(team=team),
        "shifts": queries.shifts_of_day(team, day),
    }
    return render(request, "staffing/team.html", context)


@agent_required
@require_POST
def team_settings(request: HttpRequest, team_id: int) -> HttpResponse:
    require_supervisor(request)
    team = get_object_or_404(Team, pk=team_id)
    form = QueueForm(request.POST, instance=queries.queue_for(team))
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(e) for e in error))
    elif attempt(request, actions.update_queue, team, me(request), **form.cleaned_data):
        messages.success(request, _("Queue settings saved."))
    return back(request, reverse("staffing-team", args=[team.pk]))


@agent_required
@require_POST
def add_shift(request: HttpRequest, team_id: int) -> HttpResponse:
    require_supervisor(request)
    team = get_object_or_404(Team, pk=team_id)
    form = ShiftForm(request.POST, team=team)
    if not form.is_valid():
        messages.error(request, _("Choose an agent, a start and an end."))
    else:
        data = form.cleaned_data
        if attempt(
            request, actions.add_shift, data["agent"], team, data["start"], data["end"], me(request)
        ):
            messages.success(request, _("Shift added."))
    return back(request, reverse("staffing-team", args=[team.pk]))


@agent_required
@require_POST
def remove_shift(request: HttpRequest, shift_id: int) -> HttpResponse:
    require_supervisor(request)
    shift = queries.shift_for(me(request), shift_id)
    team_id = shift.team_id
    actions.remove_shift(shift, me(request))
    messages.success(request, _("Shift removed."))
    return back(request, reverse("staffing-team", args=[team_id]))


@agent_required
def waiting(request: HttpRequest) -> HttpResponse:
    items = list(queries.waiting_items(me(request))[: queries.MAX_LISTED])
    return render(request, "staffing/waiting.html", {"items": items, "now": timezone.now()})


@agent_required
def my_day(request: HttpRequest) -> HttpResponse:
    agent = my_agent(request)
    week = actions.week_of(timezone.localdate())
    context = {
        "agent": agent,
        "presence_form": PresenceForm(initial={"presence": agent.presence}),
        "presences": Presence.choices,
        "items": list(queries.my_items(me(request))),
        "pulse_form": PulseForm(),
        "pulse_done": PulseTaken.objects.filter(agent=agent, week=week).exists(),
    }
    return render(request, "staffing/me.html", context)


@agent_required
@require_POST
def presence(request: HttpRequest) -> HttpResponse:
    form = PresenceForm(request.POST)
    if form.is_valid():
        actions.set_presence(my_agent(request), form.cleaned_data["presence"], me(request))
        messages.success(request, _("Presence changed."))
    return back(request, reverse("staffing-me"))


@agent_required
@require_POST
def pulse(request: HttpRequest) -> HttpResponse:
    form = PulseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer all three questions."))
    elif attempt(
        request,
        actions.answer_pulse,
        my_agent(request),
        today=timezone.localdate(),
        **form.cleaned_data,
    ):
        messages.success(request, _("Thank you. Your answers are counted without your name."))
    return back(request, reverse("staffing-me"))


@agent_required
@require_POST
def decline(request: HttpRequest, item_id: int) -> HttpResponse:
    item = queries.item_for(me(request), item_id)
    if attempt(request, actions.decline_item, item, me(request), request.POST.get("reason", "")):
        messages.success(request, _("Declined; it goes to the next agent."))
    return back(request, reverse("staffing-me"))
