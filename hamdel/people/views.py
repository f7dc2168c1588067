"""Staff, teams and organisation pages, for administrators."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.lib.web import attempt
from hamdel.people import actions, queries
from hamdel.people.forms import AgentForm, InviteForm, OrganisationForm, TeamForm
from hamdel.people.mail import send_password_link
from hamdel.people.models import Agent, Organisation, Team
from hamdel.people.permissions import (
    agent_required,
    me,
    require_admin,
    require_admin_for_staff_change,
)


@agent_required
def staff(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    everyone = queries.agents().order_by("-user__is_active", "user__username")
    return render(request, "people/staff.html", {"agents": everyone, "invite": InviteForm()})


@agent_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    require_admin_for_staff_change(request, None, ["username", "role", "teams"])
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
        send_password_link(agent.user, invitation=True)
        messages.success(
            request,
            _("%(name)s is invited: an email with a link to choose a password is on its way.")
            % {"name": agent.user.username},
        )
    return redirect("staff")


@agent_required
def agent(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":  # a change of role, teams...: a refusal is audited
        fields = sorted(set(request.POST) & set(AgentForm.base_fields))
        require_admin_for_staff_change(request, queries.agents().filter(pk=pk).first(), fields)
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
    """Deactivate, reactivate, email a password reset link, or send the invitation again
    or revoke it (either voids the links sent before)."""
    step = request.POST.get("step", "")
    require_admin_for_staff_change(request, queries.agents().filter(pk=pk).first(), [step])
    found: Agent = get_object_or_404(queries.agents(), pk=pk)
    if step == "deactivate":
        actions.deactivate_agent(found, me(request))
    elif step == "reactivate":
        actions.reactivate_agent(found, me(request))
    elif step == "reset" and found.user.email:
        send_password_link(found.user, invitation=False)
        messages.success(
            request,
            _("A password reset link was emailed to %(email)s.") % {"email": found.user.email},
        )
    elif (
        step == "reinvite"
        and attempt(request, actions.invite_agent, found, me(request)) is not None
    ):
        send_password_link(found.user, invitation=True)
        messages.success(
            request, _("A new invitation is on its way; earlier links no longer work.")
        )
    elif step == "revoke_invitation" and (
        attempt(request, actions.revoke_invitation, found, me(request)) is not None
    ):
        messages.success(request, _("The invitation is revoked: its links no longer work."))
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
