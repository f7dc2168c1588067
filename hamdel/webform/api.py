"""Web form endpoints: administrators list, create and change the public forms.

Thin: parse, call webform.actions, return. Errors are ValidationErrors keyed by field.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from hamdel.people.models import Team
from hamdel.people.permissions import caller, require_admin
from hamdel.webform import actions, queries
from hamdel.webform.forms import parse_origins
from hamdel.webform.models import WebForm
from hamdel.webform.schemas import WebFormIn, WebFormOut, WebFormPatch

router = Router(tags=["webforms"])


def _out(form: WebForm) -> dict[str, Any]:
    return {
        "slug": form.slug,
        "url": "/contact/" if form.is_default else f"/contact/{form.slug}/",
        "is_default": form.is_default,
        "team_id": form.team_id,
        "is_active": form.is_active,
        "texts": form.texts,
        "allowed_origins": form.allowed_origins,
        "min_seconds": form.min_seconds,
        "max_per_ip": form.max_per_ip,
    }


def _fields(payload: dict[str, Any]) -> dict[str, Any]:
    """The API's names to the action's: team_id to a team, origins checked."""
    fields = dict(payload)
    if "team_id" in fields:
        team_id = fields.pop("team_id")
        fields["team"] = Team.objects.filter(pk=team_id).first() if team_id else None
        if team_id and fields["team"] is None:
            raise ValidationError({"team_id": _("No team has this id.")})
    if "allowed_origins" in fields:
        try:
            fields["allowed_origins"] = parse_origins(fields["allowed_origins"])
        except ValidationError as error:
            raise ValidationError({"allowed_origins": error.messages}) from error
    return fields


@router.get("/webforms", response=list[WebFormOut])
def list_forms(request: HttpRequest) -> list[dict[str, Any]]:
    require_admin(request)
    queries.default_form()
    return [_out(form) for form in queries.forms_for_settings()]


@router.post("/webforms", response={201: WebFormOut})
def create_form(request: HttpRequest, payload: WebFormIn) -> Status[dict[str, Any]]:
    require_admin(request)
    form = actions.save_form(WebForm(), _fields(payload.dict()), caller(request))
    return Status(201, _out(form))


@router.get("/webforms/{slug}", response=WebFormOut)
def get_form(request: HttpRequest, slug: str) -> dict[str, Any]:
    require_admin(request)
    return _out(queries.form_for_settings(slug))


@router.patch("/webforms/{slug}", response=WebFormOut)
def update_form(request: HttpRequest, slug: str, payload: WebFormPatch) -> dict[str, Any]:
    require_admin(request)
    form = queries.form_for_settings(slug)
    fields = {
        name: value
        for name, value in payload.dict(exclude_unset=True).items()
        if value is not None or name == "team_id"
    }
    return _out(actions.save_form(form, _fields(fields), caller(request)))
