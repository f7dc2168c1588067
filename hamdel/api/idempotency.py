"""Idempotency-Key on every API POST, kept in the database for 24 hours.

Same key and same body replays the first response (but never a secret: a response
marked with `withhold_from_replay` is not stored, and its replay is 409); same key
with another body is 422; same key while the first request still runs is 409. Keys are scoped to the
caller (token or session user) and the route. A record left RUNNING by a process
killed mid-request is taken over after STALE_AFTER, so a retry is never locked out.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.api.actions import IDEMPOTENCY_TTL, token_digest
from hamdel.api.models import IdempotencyRecord, IdempotencyState

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
STALE_AFTER = timedelta(minutes=2)
# Responses that say nothing happened are not kept, so the same key can be retried.
NOT_KEPT = {401, 403, 408, 409, 429}
WITHHOLD_ATTRIBUTE = "hamdel_withhold_from_replay"


def withhold_from_replay(request: HttpRequest) -> None:
    """Mark this request's response as carrying a secret shown once (a new API token).

    Its body is never stored: a replay of the same key answers 409 and says so, rather
    than handing the secret out again (docs/api.md, "Idempotency").
    """
    setattr(request, WITHHOLD_ATTRIBUTE, True)


def _secret_withheld() -> tuple[int, bytes]:
    message = _(
        "The first request with this Idempotency-Key succeeded and returned a secret, "
        "which is shown only once and not kept; it is not replayed."
    )
    return 409, json.dumps({"detail": message, "field": HEADER}).encode()


def _scope(request: HttpRequest) -> str | None:
    authorization = request.headers.get("Authorization", "")
    scheme, _space, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token:
        return "token:" + token_digest(token.strip())[:32]
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return None


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message, "field": HEADER}, status=status)


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or not request.path.startswith("/api/"):
            return self.get_response(request)
        scope = _scope(request)
        if scope is None:
            return self.get_response(request)  # the API answers 401 itself
        if not key.strip() or len(key) > MAX_KEY_LENGTH:
            return _error(400, _("The Idempotency-Key must be 1 to 200 characters long."))
        body_digest = hashlib.sha256(request.body).hexdigest()
        lookup = {"scope": scope, "route": request.path, "key": key}
        try:
            record = self._claim(lookup, body_digest)
        except IntegrityError:
            answer = self._answer_repeat(lookup, body_digest)
            if answer is not None:
                return answer
            record = IdempotencyRecord.objects.get(**lookup)
        try:
            response = self.get_response(request)
        except BaseException:
            record.delete()
            raise
        if response.status_code >= 500 or response.status_code in NOT_KEPT or response.streaming:
            record.delete()
            return response
        record.state = IdempotencyState.DONE
        if getattr(request, WITHHOLD_ATTRIBUTE, False):
            record.response_status, record.response_body = _secret_withheld()
            record.response_type = "application/json"
        else:
            record.response_status = response.status_code
            record.response_body = response.content
            record.response_type = response.get("Content-Type", "")
        record.save(update_fields=["state", "response_status", "response_body", "response_type"])
        return response

    @staticmethod
    def _claim(lookup: dict[str, str], body_digest: str) -> IdempotencyRecord:
        """Insert the RUNNING record, committed at once so a repeat sees it.

        In autocommit the INSERT is its own transaction (a failed one leaves nothing to
        roll back); inside a caller's transaction a savepoint keeps a conflict from
        spoiling it.
        """
        fields = {**lookup, "body_digest": body_digest, "state": IdempotencyState.RUNNING}
        if not transaction.get_connection().in_atomic_block:
            return IdempotencyRecord.objects.create(**fields)
        with transaction.atomic():
            return IdempotencyRecord.objects.create(**fields)

    def _answer_repeat(self, lookup: dict[str, str], body_digest: str) -> HttpResponse | None:
        """The answer to a repeated key, or None when the old record was taken over."""
        now = timezone.now()
        with transaction.atomic():
            record = IdempotencyRecord.objects.select_for_update().get(**lookup)
            expired = record.created_at < now - IDEMPOTENCY_TTL
            abandoned = (
                record.state == IdempotencyState.RUNNING and record.created_at < now - STALE_AFTER
            )
            if expired or abandoned:
                record.body_digest = body_digest
                record.state = IdempotencyState.RUNNING
                record.created_at = now
                record.save(update_fields=["body_digest", "state", "created_at"])
                return None
        if record.body_digest != body_digest:
            return _error(
                422,
                _("This Idempotency-Key was already used with a different request body."),
            )
        if record.state == IdempotencyState.RUNNING:
            return _error(409, _("A request with this Idempotency-Key is still being processed."))
        response = HttpResponse(
            bytes(record.response_body or b""),
            status=record.response_status or 200,
            content_type=record.response_type or "application/json",
        )
        response["Idempotent-Replayed"] = "true"
        return response
