"""Messaging endpoints: administrators connect and change accounts and their templates.

Thin: parse, call messaging.actions, return. Secrets go in and never come out.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from hamdel.messaging import actions, queries
from hamdel.messaging.models import Account, Template
from hamdel.messaging.schemas import (
    AccountIn,
    AccountOut,
    AccountPatch,
    CreatedOut,
    TemplateIn,
    TemplateOut,
)
from hamdel.people.models import Team
from hamdel.people.permissions import caller, require_admin

router = Router(tags=["messaging"])
PLAIN = {"kind", "name", "team", "api_base", "reopen_hours"}


def _out(account: Account) -> dict[str, Any]:
    return {
        "id": account.pk,
        "kind": account.kind,
        "name": account.name,
        "team": account.team_id,
        "api_base": account.base,
        "webhook_url": actions.webhook_url(account),
        "settings": {key: str(value) for key, value in (account.settings or {}).items()},
        "identity_kind": account.identity_kind,
        "reopen_hours": account.reopen_hours,
        "is_active": account.is_active,
        "webhook_note": account.webhook_note,
    }


@router.get("/accounts", response=list[AccountOut])
def list_accounts(request: HttpRequest) -> list[dict[str, Any]]:
    require_admin(request)
    return [_out(account) for account in queries.accounts()]


@router.post("/accounts", response={201: CreatedOut})
def create_account(request: HttpRequest, payload: AccountIn) -> Status[dict[str, Any]]:
    require_admin(request)
    data = payload.dict()
    team = Team.objects.filter(pk=data["team"]).first() if data["team"] else None
    if data["team"] and team is None:
        raise ValidationError({"team": _("No team has this id.")})
    created = actions.create_account(
        kind=data["kind"],
        name=data["name"],
        team=team,
        api_base=data["api_base"],
        reopen_hours=data["reopen_hours"],
        credentials={key: value for key, value in data.items() if key not in PLAIN and value},
        actor=caller(request),
    )
    return Status(201, {**_out(created.account), "webhook_secret": created.webhook_secret})


@router.get("/accounts/{account_id}", response=AccountOut)
def get_account(request: HttpRequest, account_id: int) -> dict[str, Any]:
    require_admin(request)
    return _out(queries.account_for_settings(account_id))


@router.patch("/accounts/{account_id}", response=AccountOut)
def change_account(request: HttpRequest, account_id: int, payload: AccountPatch) -> dict[str, Any]:
    require_admin(request)
    account = queries.account_for_settings(account_id)
    fields = {
        key: value for key, value in payload.dict(exclude_unset=True).items() if value is not None
    }
    return _out(actions.change_account(account, fields, caller(request)))


@router.post("/accounts/{account_id}/templates", response={201: TemplateOut})
def save_template(request: HttpRequest, account_id: int, payload: TemplateIn) -> Status[Template]:
    require_admin(request)
    account = queries.account_for_settings(account_id)
    return Status(201, actions.save_template(account, actor=caller(request), **payload.dict()))
