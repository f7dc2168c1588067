from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from hamdel.people.models import Agent, Role
from hamdel.people.queries import agent_of


def require_role(request: HttpRequest, *roles: Role) -> Agent:
    """The caller's agent profile if its role is one of `roles`, else 403."""
    agent = agent_of(request.user)
    if agent is None or agent.role not in roles:
        raise PermissionDenied(_("Your role does not allow this."))
    return agent


def require_supervisor(request: HttpRequest) -> Agent:
    return require_role(request, Role.SUPERVISOR, Role.ADMIN)


def require_admin(request: HttpRequest) -> Agent:
    return require_role(request, Role.ADMIN)


def caller(request: HttpRequest) -> User:
    """The authenticated user behind an API or UI request (auth has already run)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied(_("Log in first."))
    return user
