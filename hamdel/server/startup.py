"""What every start does before serving: migrate, first admin, optional demo data."""

import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from hamdel.people.actions import ensure_admin


def prepare(*, demo: bool, say: Callable[[str], None]) -> None:
    call_command("migrate", interactive=False, verbosity=0)
    password = settings.ADMIN_PASSWORD or secrets.token_urlsafe(12)
    _user, created = ensure_admin(settings.ADMIN_USER, password)
    if created:
        shown = "(from HAMDEL_ADMIN_PASSWORD)" if settings.ADMIN_PASSWORD else password
        say(f"Created the administrator: user {settings.ADMIN_USER}, password {shown}")
        if not settings.ADMIN_PASSWORD:
            say("This password is shown only once: keep it, or set HAMDEL_ADMIN_PASSWORD.")
    if demo:
        call_command("demo", if_empty=True)


def login_path() -> str:
    """The agent UI's login page, or the admin's while the UI is not installed."""
    try:
        return reverse("login").lstrip("/")
    except NoReverseMatch:
        return "admin/"
