"""Customer pages for every agent; staff, teams and organisation pages for administrators."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.audit.models import Event
from hamdel.lib.pagination import paginate
from hamdel.lib.web import attempt
from hamdel.people import actions, queries
from hamdel.people.forms import (
    AgentForm,
    CustomerForm,
    CustomerMergeForm,
    IdentityForm,
    InviteForm,
    OrganisationForm,
    TeamForm,
)
from hamdel.people.mail import send_password_link
from hamdel.people.models import Agent, Customer, Identity, Organisation, Team
from hamdel.people.permissions import agent_required, me, require_admin, require_supervisor
from hamdel.workspace import queries as workspace_queries
from hamdel.workspace.describe import describe

TIMELINE_PAGE = 50
LIST_PAGE = 50


@agent_required
def customers(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    found = queries.search_customers(text or None, tier=request.GET.get("tier") or None)
    page = paginate(
        found, list_name="customers", sort="-created_at", allowed_sorts=("-created_at",),
        cursor=request.GET.get("cursor"), limit=LIST_PAGE,
    )  # fmt: skip
    return render(request, "people/customers.html", {"page": page, "text": text})


@agent_required
def customer(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(queries.customers(), pk=pk)
    timeline = paginate(
        workspace_queries.customer_timeline(request.user, found.pk), list_name="timeline",
        sort="-id", allowed_sorts=("-id",), cursor=request.GET.get("cursor"), limit=TIMELINE_PAGE,
    )  # fmt: skip
    context = {
        "customer": found,
        "form": CustomerForm(initial=CustomerForm.initial_of(found)),
        "identity_form": IdentityForm(),
        "conversations": list(workspace_queries.customer_conversations(request.user, found)),
        "timeline": timeline,
        "events": [(event, describe(event)) for event in timeline.items],
        "merges": list(queries.merge_events_of(found)[:1]) if found.merged_into_id else [],
    }
    return render(request, "people/customer.html", context)


@agent_required
@require_POST
def edit_customer(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Customer, pk=pk)
    form = CustomerForm(request.POST)
    if form.is_valid() and (
        attempt(request, actions.update_customer, found, me(request), **form.cleaned_data)
        is not None
    ):
        messages.success(request, _("Customer saved."))
    return redirect("customer", pk)


@agent_required
@require_POST
def add_identity(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Customer, pk=pk)
    form = IdentityForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(request, actions.add_identity, found, data["kind"], data["value"], me(request))
    return redirect("customer", pk)


@agent_required
@require_POST
def remove_identity(request: HttpRequest, pk: int, identity_id: int) -> HttpResponse:
    identity = get_object_or_404(Identity, pk=identity_id, customer_id=pk)
    actions.remove_identity(identity, me(request))
    return redirect("customer", pk)


@agent_required
@require_POST
def merge_customer(request: HttpRequest, pk: int) -> HttpResponse:
    require_supervisor(request)
    source = get_object_or_404(Customer, pk=pk)
    form = CustomerMergeForm(request.POST)
    target = (
        Customer.objects.filter(pk=form.data.get("target") or 0).first()
        if form.is_valid()
        else None
    )
    if target is None:
        messages.error(request, _("There is no customer with this number."))
        return redirect("customer", pk)
    if attempt(request, actions.merge_customers, source, target, me(request)):
        messages.success(request, _("Merged into %(name)s.") % {"name": target.name})
        return redirect("customer", target.pk)
    return redirect("customer", pk)


@agent_required
@require_POST
def unmerge_customer(request: HttpRequest, pk: int, event_id: int) -> HttpResponse:
    require_supervisor(request)
    merge = get_object_or_404(Event, pk=event_id, verb="customer.merged")
    if attempt(request, actions.unmerge_customers, merge, me(request)):
        messages.success(request, _("The merge is undone."))
    return redirect("customer", pk)


# Administrators


@agent_required
def staff(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    everyone = queries.agents().order_by("-user__is_active", "user__username")
    return render(request, "people/staff.html", {"agents": everyone, "invite": InviteForm()})


@agent_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    form = InviteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect("staff")
    data = form.cleaned_data
    agent = attempt(
        request, actions.create_agent, data["username"], me(request), email=data["email"],
        name=data["name"], role=data["role"], teams=data["teams"],
    )  # fmt: skip
    if agent is not None:
        send_password_link(request, agent.user, invitation=True)
        messages.success(
            request,
            _("%(name)s is invited: an email with a link to choose a password is on its way.")
            % {"name": agent.user.username},
        )
    return redirect("staff")


@agent_required
def agent(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    found = get_object_or_404(queries.agents(), pk=pk)
    form = AgentForm(request.POST or None, initial=AgentForm.initial_of(found))
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        teams = changes.pop("teams")
        if attempt(request, actions.update_agent, found, me(request), teams=teams, **changes):
            messages.success(request, _("Saved."))
            return redirect("agent", pk)
    return render(request, "people/agent.html", {"agent": found, "form": form})


@agent_required
@require_POST
def agent_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate, reactivate, or email a password reset link."""
    require_admin(request)
    found: Agent = get_object_or_404(queries.agents(), pk=pk)
    step = request.POST.get("step")
    if step == "deactivate":
        actions.deactivate_agent(found, me(request))
    elif step == "reactivate":
        actions.reactivate_agent(found, me(request))
    elif step == "reset" and found.user.email:
        send_password_link(request, found.user, invitation=False)
        messages.success(
            request,
            _("A password reset link was emailed to %(email)s.") % {"email": found.user.email},
        )
    return redirect("agent", pk)


@agent_required
def teams(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    form = TeamForm(request.POST or None, initial={"timezone": Organisation.load().timezone})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if attempt(request, actions.create_team, data.pop("name"), me(request), **data):
            return redirect("teams")
    return render(request, "people/teams.html", {"teams": queries.teams(), "form": form})


@agent_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    found = get_object_or_404(Team, pk=pk)
    form = TeamForm(request.POST or None, initial=TeamForm.initial_of(found))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(request, actions.update_team, found, me(request), **form.cleaned_data)
        is not None
    ):
        messages.success(request, _("Saved."))
        return redirect("team", pk)
    return render(request, "people/team.html", {"team": found, "form": form})


@agent_required
def organisation(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    form = OrganisationForm(
        request.POST or None, initial=OrganisationForm.initial_of(Organisation.load())
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(request, actions.update_organisation, me(request), **form.cleaned_data)
        is not None
    ):
        messages.success(request, _("Saved."))
        return redirect("organisation")
    return render(request, "people/organisation.html", {"form": form})
