"""Mailbox endpoints, for administrators. The password goes in and never comes out."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from hamdel.mail import actions
from hamdel.mail.models import Mailbox
from hamdel.mail.schemas import MailboxIn, MailboxOut, MailboxPatch
from hamdel.people.models import Team
from hamdel.people.permissions import require_admin

router = Router(tags=["mail"])


def _out(mailbox: Mailbox) -> dict[str, Any]:
    return {
        "id": mailbox.pk,
        "team": mailbox.team_id,
        "has_password": mailbox.has_password,
        "last_fetch_at": mailbox.last_fetch_at.isoformat() if mailbox.last_fetch_at else None,
        **{name: getattr(mailbox, name) for name in actions.EDITABLE - {"team"}},
        "last_error": mailbox.last_error,
        "flagged_count": mailbox.flagged_count,
    }


def _with_team(data: dict[str, Any]) -> dict[str, Any]:
    if "team" in data:
        team = Team.objects.filter(pk=data["team"]).first() if data["team"] else None
        if data["team"] and team is None:
            raise ValidationError({"team": _("No team has this id.")})
        data["team"] = team
    return data


@router.get("/mailboxes", response=list[MailboxOut])
def list_mailboxes(request: HttpRequest) -> list[dict[str, Any]]:
    require_admin(request)
    return [_out(mailbox) for mailbox in Mailbox.objects.all()]


@router.post("/mailboxes", response={201: MailboxOut})
def create_mailbox(request: HttpRequest, payload: MailboxIn) -> Status[dict[str, Any]]:
    require_admin(request)
    return Status(201, _out(actions.save_mailbox(None, _with_team(payload.dict()))))


@router.get("/mailboxes/{mailbox_id}", response=MailboxOut)
def get_mailbox(request: HttpRequest, mailbox_id: int) -> dict[str, Any]:
    require_admin(request)
    return _out(get_object_or_404(Mailbox, pk=mailbox_id))


@router.patch("/mailboxes/{mailbox_id}", response=MailboxOut)
def change_mailbox(request: HttpRequest, mailbox_id: int, payload: MailboxPatch) -> dict[str, Any]:
    require_admin(request)
    mailbox = get_object_or_404(Mailbox, pk=mailbox_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return _out(actions.save_mailbox(mailbox, _with_team(changes)))
