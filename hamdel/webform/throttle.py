"""The per-address limit of each form: attempts counted in the database, so every web
process sees the same count (as hamdel.security.throttle counts failed logins).

A refused attempt is not counted, so the limit lifts WINDOW after the attempts that
caused it. The address comes from `security.throttle.client_ip` (which knows about
HAMDEL_TRUSTED_PROXIES) and is kept only as a keyed hash.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from hamdel.security.throttle import client_ip
from hamdel.webform.models import Attempt, WebForm

WINDOW = timedelta(minutes=15)


def address_of(request: HttpRequest) -> str:
    ip = client_ip(request) or "unknown"
    key = f"{settings.SECRET_KEY}:webform-address".encode()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()[:64]


def is_throttled(form: WebForm, address: str) -> bool:
    since = timezone.now() - WINDOW
    recent = Attempt.objects.filter(form=form, address=address, at__gte=since)
    return recent.count() >= form.max_per_ip


def record_attempt(form: WebForm, address: str) -> None:
    now = timezone.now()
    Attempt.objects.create(form=form, address=address)
    # Old rows only slow the count down; each attempt sweeps those of its own address.
    Attempt.objects.filter(address=address, at__lt=now - WINDOW).delete()
