from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from hamdel.security import throttle


class ThrottledModelBackend(ModelBackend):
    """Django's username/password check, refused while the account or address is throttled.

    Raising PermissionDenied makes django.contrib.auth.authenticate stop and report a
    failed login, so the login form shows its usual message and tells an attacker nothing.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        ip = throttle.client_ip(request)
        if throttle.is_throttled(username, ip):
            raise PermissionDenied("Too many failed logins; try again later.")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle.record_failure(username, ip)
        else:
            throttle.forget(username)
        return user

    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        """The async path counts and refuses the same way."""
        return await sync_to_async(self.authenticate)(request, username, password, **kwargs)
