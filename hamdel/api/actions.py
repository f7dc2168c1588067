"""API tokens: created once (the secret is shown once), revoked, never edited."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.api import events
from hamdel.api.models import ApiToken, IdempotencyRecord
from hamdel.people.queries import agent_of

TOKEN_PREFIX = "hmd_"  # noqa: S105 - a marker that makes leaked tokens easy to scan for
IDEMPOTENCY_TTL = timedelta(hours=24)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str, actor: User | None) -> tuple[ApiToken, str]:
    """A new token for an active agent; returns (record, secret). Only the digest is kept."""
    if agent_of(user) is None:
        raise ValidationError({"user": _("Only active staff can have API tokens.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name.strip()[:100], prefix=secret[:12], digest=token_digest(secret)
        )
        events.token_created(token, actor)
    return token, secret


def revoke_token(token: ApiToken, actor: User | None) -> ApiToken:
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            events.token_revoked(token, actor)
    return token


def revoke_tokens_of(user: User, actor: User | None) -> int:
    """Revoke every active token of `user` (on a password change); returns how many."""
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        revoke_token(token, actor)
    return len(tokens)


def purge_idempotency_records() -> int:
    """Forget keys older than 24 hours; safe to run any number of times."""
    deleted, _by_model = IdempotencyRecord.objects.filter(
        created_at__lt=timezone.now() - IDEMPOTENCY_TTL
    ).delete()
    return deleted
