"""The supervisors' complaint pages and the resolution form of the conversation page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.complaints import actions, queries
from hamdel.complaints.forms import DecisionForm, DeskForm, ResolutionForm, RootCauseForm
from hamdel.complaints.models import RootCause
from hamdel.lib.web import attempt, back
from hamdel.people.permissions import agent_required, me, require_admin, require_supervisor
from hamdel.tickets.actions import change_status
from hamdel.tickets.models import Status
from hamdel.tickets.queries import conversation_for


@agent_required
def desk_page(request: HttpRequest) -> HttpResponse:
    """Open complaints, overdue first, by age and value tier; root causes over time."""
    require_supervisor(request)
    now = timezone.now()
    desk = actions.desk()
    complaints = list(queries.open_complaints(me(request), now, desk)[: queries.MAX_LISTED])
    context = {
        "desk": desk,
        "complaints": complaints,
        "tiers": queries.by_age_and_tier(complaints, now),
        "buckets": queries.AGE_BUCKETS,
        "trend": queries.root_causes_over_time(now),
        "reopened": queries.reopened_total(),
        "now": now,
    }
    return render(request, "complaints/desk.html", context)


@agent_required
def root_causes(request: HttpRequest) -> HttpResponse:
    require_supervisor(request)
    form = RootCauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if attempt(request, actions.save_root_cause, me(request), **form.cleaned_data):
            messages.success(request, _("Root cause saved."))
        return redirect("complaint-root-causes")
    causes = list(queries.root_causes_with_use())
    return render(request, "complaints/root_causes.html", {"causes": causes, "form": form})


@agent_required
@require_POST
def edit_root_cause(request: HttpRequest, cause_id: int) -> HttpResponse:
    require_supervisor(request)
    cause = get_object_or_404(RootCause, pk=cause_id)
    if request.POST.get("remove"):
        attempt(request, actions.remove_root_cause, cause, me(request))
    else:
        form = RootCauseForm(request.POST)
        if form.is_valid():
            attempt(request, actions.save_root_cause, me(request), cause=cause, **form.cleaned_data)
        else:
            messages.error(request, _("Give the root cause a name."))
    return redirect("complaint-root-causes")


@agent_required
def desk_settings(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    desk = actions.desk()
    initial = {
        "team": desk.team,
        "route_complaints": desk.route_complaints,
        "escalate_to": list(desk.escalate_to.all()),
        "escalate_after_minutes": desk.escalate_after_minutes,
    }
    form = DeskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if attempt(request, actions.update_desk, me(request), **form.cleaned_data):
            messages.success(request, _("The complaints desk is saved."))
        return redirect("complaint-desk")
    return render(request, "complaints/settings.html", {"form": form, "desk": desk})


@agent_required
def alerts(request: HttpRequest) -> HttpResponse:
    require_supervisor(request)
    listed = list(queries.alerts()[: queries.MAX_LISTED])
    decisions = queries.decisions_by_group(listed)
    rows = [(alert, decisions.get((alert.group_kind, alert.group_key), [])) for alert in listed]
    return render(request, "complaints/alerts.html", {"rows": rows})


@agent_required
def alert(request: HttpRequest, alert_id: int) -> HttpResponse:
    require_supervisor(request)
    found = queries.alert(alert_id)
    context = {
        "alert": found,
        "conversations": list(found.conversations.select_related("customer").order_by("-id")),
        "decisions": queries.decisions_of(found),
        "form": DecisionForm(),
    }
    return render(request, "complaints/alert.html", context)


@agent_required
@require_POST
def decide(request: HttpRequest, alert_id: int) -> HttpResponse:
    require_supervisor(request)
    found = queries.alert(alert_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the decision and say why."))
    elif attempt(request, actions.decide, found, me(request), **form.cleaned_data):
        messages.success(request, _("Decision recorded."))
    return redirect("complaint-alert", alert_id=found.pk)


@agent_required
@require_POST
def record_resolution(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the root cause and what was done; "save and solve" then solves the complaint."""
    conversation = conversation_for(me(request), pk)
    form = ResolutionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    saved = attempt(
        request,
        actions.record_resolution,
        conversation,
        me(request),
        root_cause=data.get("root_cause"),
        resolution=data.get("resolution", ""),
    )
    if saved and request.POST.get("then") == "solve":
        if attempt(request, change_status, conversation, Status.SOLVED, me(request)):
            messages.success(request, _("Complaint solved."))
    elif saved:
        messages.success(request, _("Root cause saved."))
    return back(request, reverse("conversation", args=[conversation.pk]))
