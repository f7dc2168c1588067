"""The caller's own API tokens."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from hamdel.api import actions
from hamdel.api.idempotency import withhold_from_replay
from hamdel.api.models import ApiToken
from hamdel.api.schemas import TokenOut
from hamdel.lib.validation import Body
from hamdel.people.permissions import caller

router = Router(tags=["tokens"])


class TokenIn(Body):
    name: str = ""


class NewTokenOut(TokenOut):
    token: str


def _out(token: ApiToken, secret: str | None = None) -> dict[str, object]:
    out: dict[str, object] = {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at.isoformat(),
        "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        "revoked": token.revoked_at is not None,
    }
    if secret is not None:
        out["token"] = secret
    return out


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request: HttpRequest) -> list[dict[str, object]]:
    return [_out(token) for token in ApiToken.objects.filter(user=caller(request))]


@router.post("/tokens", response={201: NewTokenOut})
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    """The secret is in this response only; Hamdel keeps just its hash (and a replay of
    the same Idempotency-Key answers 409 without it)."""
    withhold_from_replay(request)
    token, secret = actions.create_token(caller(request), payload.name, caller(request))
    return Status(201, _out(token, secret))


@router.delete("/tokens/{token_id}", response={204: None})
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    token = get_object_or_404(ApiToken, pk=token_id, user=caller(request))
    actions.revoke_token(token, caller(request))
    return Status(204, None)
