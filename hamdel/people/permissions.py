"""Who is asking and what their role allows: one set of checks for pages and the API.

Every view and API handler of every app asks here, so "supervisor" means the same thing
on the customer page, the SLA settings and `POST /api/v1/customers/{id}/merge`.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _

from hamdel.people.models import Agent
from hamdel.people.queries import agent_of


def agent_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Signed-in, active staff only: others go to the login page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if agent_of(request.user) is None:
            raise PermissionDenied(_("Only staff can use the workspace."))
        return view(request, *args, **kwargs)

    return wrapper


def me(request: HttpRequest) -> User:
    """The user of a page request that agent_required has let through."""
    return cast(User, request.user)


def caller(request: HttpRequest) -> User:
    """The authenticated user behind an API or UI request (auth has already run)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied(_("Log in first."))
    return user


def my_agent(request: HttpRequest) -> Agent:
    agent = agent_of(request.user)
    if agent is None:
        raise PermissionDenied(_("Only staff can use the workspace."))
    return agent


def require_supervisor(request: HttpRequest) -> Agent:
    """The caller's agent profile if they are a supervisor or an administrator, else 403."""
    agent = my_agent(request)
    if not agent.sees_everything:
        raise PermissionDenied(_("Only supervisors and administrators may do this."))
    return agent


def require_admin(request: HttpRequest) -> Agent:
    """The caller's agent profile if they are an administrator, else 403."""
    agent = my_agent(request)
    if not agent.is_admin:
        raise PermissionDenied(_("Only administrators may do this."))
    return agent


def require_admin_for_staff_change(
    request: HttpRequest, agent: Agent | None, fields: Iterable[str]
) -> Agent:
    """require_admin for a change to a staff account (its role, teams, activity, or a new
    account); a refusal is recorded in the audit trail before the 403 (docs/security.md)."""
    try:
        return require_admin(request)
    except PermissionDenied:
        if isinstance(request.user, User):
            from hamdel.people.actions import record_refused_staff_change

            record_refused_staff_change(agent, request.user, fields)
        raise
