"""Small helpers every workspace view uses: who is asking, running an action, going back."""

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from hamdel.people.models import Agent
from hamdel.people.queries import agent_of

P = ParamSpec("P")
T = TypeVar("T")


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


def is_htmx(request: HttpRequest) -> bool:
    """Set by django-htmx's middleware: the request came from htmx, render a fragment."""
    return bool(getattr(request, "htmx", False))


def me(request: HttpRequest) -> User:
    return cast(User, request.user)


def my_agent(request: HttpRequest) -> Agent:
    agent = agent_of(request.user)
    if agent is None:
        raise PermissionDenied(_("Only staff can use the workspace."))
    return agent


def require_supervisor(request: HttpRequest) -> Agent:
    agent = my_agent(request)
    if not agent.sees_everything:
        raise PermissionDenied(_("Only supervisors and administrators can open this page."))
    return agent


def require_admin(request: HttpRequest) -> Agent:
    agent = my_agent(request)
    if not agent.is_admin:
        raise PermissionDenied(_("Only administrators can open this page."))
    return agent


def attempt(
    request: HttpRequest, run: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T | None:
    """Run an action; its validation errors become messages on the next page."""
    try:
        return run(*args, **kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None


def back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """Redirect to the `next` the form carried, if it is on this site, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(target if target and safe else fallback)
