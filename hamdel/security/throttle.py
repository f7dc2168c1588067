"""Login throttling per account and per IP address, counted in the database.

A throttled attempt is refused without checking the password and is not counted, so
the lock lifts WINDOW after the failures that caused it. The limits are the same for
every installation; an agent who locked themself out waits or asks an administrator
to clear their failures (`forget`).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from hamdel.security.models import LoginFailure

WINDOW = timedelta(minutes=15)
MAX_PER_ACCOUNT = 5  # failures per username within WINDOW
MAX_PER_IP = 20  # failures from one address within WINDOW (several staff behind one NAT)


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the login came from.

    Behind HAMDEL_TRUSTED_PROXIES load balancers, each appends the address it received
    from to X-Forwarded-For, so the client is that many entries from the right; entries
    further left are whatever the client sent and are never trusted.
    """
    if request is None:
        return None
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded: list[str] = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    peer: str | None = request.META.get("REMOTE_ADDR") or None
    return peer


def is_throttled(username: str, ip: str | None) -> bool:
    recent = LoginFailure.objects.filter(at__gte=timezone.now() - WINDOW)
    if recent.filter(username=username.lower()).count() >= MAX_PER_ACCOUNT:
        return True
    return ip is not None and recent.filter(ip=ip).count() >= MAX_PER_IP


def record_failure(username: str, ip: str | None) -> None:
    now = timezone.now()
    LoginFailure.objects.create(username=username.lower()[:150], ip=ip)
    # Old rows only slow the counts down; each failure sweeps those of its own keys.
    LoginFailure.objects.filter(
        Q(username=username.lower()) | Q(ip=ip), at__lt=now - WINDOW
    ).delete()


def forget(username: str) -> None:
    """A successful login (or an administrator) clears the account's failures."""
    LoginFailure.objects.filter(username=username.lower()).delete()
