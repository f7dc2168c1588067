"""Small helpers every page uses: htmx requests, running an action, going back."""

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

P = ParamSpec("P")
T = TypeVar("T")


def is_htmx(request: HttpRequest) -> bool:
    """Set by django-htmx's middleware: the request came from htmx, render a fragment."""
    return bool(getattr(request, "htmx", False))


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
