from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from hamdel.api.actions import token_digest
from hamdel.api.models import ApiToken
from hamdel.people.queries import agent_of

# Writing last_used_at on every request would make every read a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        record = (
            ApiToken.objects.select_related("user__agent")
            .filter(digest=token_digest(token), revoked_at__isnull=True)
            .first()
        )
        if record is None or agent_of(record.user) is None:
            return None
        now = timezone.now()
        if record.last_used_at is None or now - record.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request.user = record.user
        request.api_token = record  # type: ignore[attr-defined]
        return record.user


class StaffSession(SessionAuth):
    """The agent UI's own session, for htmx and scripts in the browser (CSRF-checked)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if agent_of(user) is not None else None
