"""The promise box of the reply form, "My promises", the kept rates and the calendar."""

from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.lib import localise
from hamdel.lib.web import attempt, back
from hamdel.people.models import Agent, Team
from hamdel.people.permissions import agent_required, me, require_supervisor
from hamdel.promises import actions, appointments, queries
from hamdel.promises.forms import AppointmentMoveForm, PromiseForm
from hamdel.promises.models import Appointment, AppointmentState, Resource
from hamdel.promises.wording import sentence_of
from hamdel.tickets.models import Conversation
from hamdel.tickets.queries import conversation_for

RATE_PERIOD = timedelta(days=30)


def _draft(request: HttpRequest, form: PromiseForm, due_at: datetime) -> actions.PromiseDraft:
    owner = form.cleaned_data["owner"] or "me"
    team = None
    if owner.startswith("team:") and owner[5:].isdigit():
        team = get_object_or_404(Team, pk=int(owner[5:]))
    return actions.PromiseDraft(
        kind=form.cleaned_data["kind"],
        due_at=due_at,
        owner_agent=None if team else me(request),
        owner_team=team,
        words=form.cleaned_data["words"],
    )


def _box(request: HttpRequest, conversation: Conversation, **context: Any) -> HttpResponse:
    return render(request, "promises/_check.html", {"conversation": conversation, **context})


@agent_required
@require_POST
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """The feasibility of what the agent is typing into the reply box (an htmx fragment)."""
    conversation = conversation_for(request.user, pk)
    form = PromiseForm(request.POST)
    if not form.is_valid():
        return _box(request, conversation, form=form)
    draft = _draft(request, form, form.cleaned_data["due_at"])
    result = actions.check_feasibility(draft, conversation, timezone.now())
    return _box(request, conversation, form=form, result=result, draft=draft)


@agent_required
@require_POST
def make(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the promise (at the agent's time or the realistic one); the fragment hands the
    sentence to the reply box, which tells the customer when the reply is sent."""
    conversation = conversation_for(request.user, pk)
    form = PromiseForm(request.POST)
    if not form.is_valid():
        return _box(request, conversation, form=form)
    due_at, shown = form.cleaned_data["due_at"], None
    if request.POST.get("use") == "realistic":
        due_at = shown = datetime.fromisoformat(request.POST["realistic_due_at"])
    draft = _draft(request, form, due_at)
    try:
        promise = actions.make_promise(
            draft,
            customer=conversation.customer,
            conversation=conversation,
            actor=me(request),
            unlikely_reason=form.cleaned_data["unlikely_reason"],
            told_in_reply=True,
            shown_realistic=shown,
        )
    except ValidationError as error:
        result = actions.check_feasibility(draft, conversation, timezone.now())
        return _box(
            request, conversation, form=form, result=result, draft=draft, errors=error.messages
        )
    return render(
        request, "promises/_made.html", {"promise": promise, "sentence": sentence_of(promise)}
    )


@agent_required
@require_POST
def keep(request: HttpRequest, promise_id: int) -> HttpResponse:
    promise = queries.promise_for(request.user, promise_id)
    if attempt(request, actions.keep_promise, promise, me(request)):
        messages.success(request, _("Promise kept."))
    return back(request, "my-promises")


@agent_required
@require_POST
def cancel(request: HttpRequest, promise_id: int) -> HttpResponse:
    promise = queries.promise_for(request.user, promise_id)
    reason = request.POST.get("reason", "")
    if attempt(request, actions.cancel_promise, promise, me(request), reason):
        messages.success(request, _("Promise cancelled."))
    return back(request, "my-promises")


@agent_required
def mine(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    context = {
        "promises": list(queries.my_promises(me(request))[: queries.MAX_LISTED]),
        "rate": queries.kept_rate_of_agent(me(request).pk, now - RATE_PERIOD, now),
        "now": now,
    }
    return render(request, "promises/mine.html", context)


@agent_required
def report(request: HttpRequest) -> HttpResponse:
    """Kept on time / due in the last 30 days, per agent and per team (supervisors)."""
    require_supervisor(request)
    now = timezone.now()
    since = now - RATE_PERIOD
    context = {
        "agents": queries.kept_rates_by_agent(since, now),
        "teams": queries.kept_rates_by_team(since, now),
        "since": since,
        "now": now,
    }
    return render(request, "promises/report.html", context)


def _day_of(request: HttpRequest) -> date:
    typed = localise.parse_day(request.GET.get("day", ""))
    return typed or timezone.localdate()


@agent_required
def calendar(request: HttpRequest) -> HttpResponse:
    """An agent's appointments by week (from Saturday for Persian, else Monday) or day."""
    agent_id = int(request.GET.get("agent") or me(request).pk)
    agent = get_object_or_404(User, pk=agent_id, agent__isnull=False)
    view = "day" if request.GET.get("view") == "day" else "week"
    day = _day_of(request)
    if view == "week":
        first_weekday = 5 if request.LANGUAGE_CODE == "fa" else 0
        day -= timedelta(days=(day.weekday() - first_weekday) % 7)
    days = [day + timedelta(days=n) for n in range(7 if view == "week" else 1)]
    zone_name = timezone.get_current_timezone_name()
    start = localise.start_of(days[0], zone_name)
    end = localise.start_of(days[-1] + timedelta(days=1), zone_name)
    booked = list(
        Appointment.objects.filter(
            agent=agent, state=AppointmentState.BOOKED, start__lt=end, end__gt=start
        )
        .select_related("customer", "conversation")
        .order_by("start")
    )
    columns = [(d, [a for a in booked if timezone.localtime(a.start).date() == d]) for d in days]
    context = {
        "agent": agent,
        "agents": Agent.objects.select_related("user").filter(user__is_active=True),
        "view": view,
        "columns": columns,
        "previous": days[0] - timedelta(days=len(days)),
        "next": days[0] + timedelta(days=len(days)),
        "move_form": AppointmentMoveForm(),
    }
    return render(request, "promises/calendar.html", context)


@agent_required
@require_POST
def move_appointment(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = get_object_or_404(Appointment, pk=appointment_id)
    form = AppointmentMoveForm(request.POST)
    if form.is_valid():
        try:
            moved = attempt(
                request,
                appointments.reschedule_appointment,
                appointment,
                form.cleaned_data["start"],
                form.cleaned_data["minutes"],
                me(request),
            )
            if moved:
                messages.success(request, _("Appointment moved; the customer is told."))
        except appointments.SlotTaken:
            messages.error(request, _("This slot is already booked."))
    else:
        messages.error(request, _("Give a new start and length."))
    return back(request, "promise-calendar")


@agent_required
@require_POST
def cancel_appointment(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = get_object_or_404(Appointment, pk=appointment_id)
    reason = request.POST.get("reason", "")
    if attempt(request, appointments.cancel_appointment, appointment, me(request), reason):
        messages.success(request, _("Appointment cancelled; the customer is told."))
    return back(request, "promise-calendar")


SLOTS_SHOWN = 12  # free slots offered on the conversation page
SLOTS_AHEAD = timedelta(days=14)


@agent_required
def free_slots(request: HttpRequest, pk: int) -> HttpResponse:
    """Free slots of the conversation's team (else the agent's own) and of the team's
    bookable resources, an htmx fragment."""
    conversation = conversation_for(request.user, pk)
    minutes = max(5, min(int(request.GET.get("minutes") or 30), 480))
    if conversation.team_id is not None:
        agent_ids = list(
            Agent.objects.filter(teams=conversation.team_id, user__is_active=True)
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
    else:
        agent_ids = [me(request).pk]
    team_id = conversation.team_id or queries.first_team_id(me(request).pk)
    resources: dict[int, str] = {}
    if team_id is not None:
        rows = Resource.objects.filter(team_id=team_id, is_active=True).order_by("name")
        resources = dict(rows.values_list("pk", "name"))
    now = timezone.now()
    slots = appointments.free_slots(agent_ids, now, now + SLOTS_AHEAD, minutes, SLOTS_SHOWN)
    if resources:
        slots += appointments.free_resource_slots(
            list(resources), now, now + SLOTS_AHEAD, minutes, SLOTS_SHOWN
        )
        slots.sort(key=lambda slot: (slot.start, slot.resource_id is not None))
        slots = slots[: SLOTS_SHOWN * 2]
    names = dict(User.objects.filter(pk__in=agent_ids).values_list("pk", "username"))
    context = {
        "conversation": conversation,
        "minutes": minutes,
        "slots": slots,
        "names": names,
        "resources": resources,
    }
    return render(request, "promises/_slots.html", context)


@agent_required
@require_POST
def book(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(request.user, pk)
    agent, resource = None, None
    if request.POST.get("resource"):
        resource = get_object_or_404(Resource, pk=request.POST["resource"])
    else:
        agent = get_object_or_404(User, pk=request.POST.get("agent"), agent__isnull=False)
    try:
        start = datetime.fromisoformat(request.POST.get("start", ""))
        minutes = int(request.POST.get("minutes", "30"))
    except ValueError:
        messages.error(request, _("Choose a free slot."))
        return redirect("conversation", pk)
    try:
        booked = attempt(
            request,
            appointments.book_appointment,
            agent=agent,
            resource=resource,
            customer=conversation.customer,
            conversation=conversation,
            start=start,
            minutes=minutes,
            actor=me(request),
        )
        if booked:
            messages.success(request, _("Appointment booked; the invitation is on its way."))
    except appointments.SlotTaken:
        messages.error(request, _("This slot was just booked by someone else. Choose another."))
    return redirect("conversation", pk)


@agent_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("my-promises")
