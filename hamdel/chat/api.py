"""Chat widget endpoints for administrators: list, create, read, change.

Thin: parse, call chat.actions, return. Errors are ValidationErrors keyed by field.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status

from hamdel.chat import actions
from hamdel.chat.models import Widget
from hamdel.chat.schemas import WidgetIn, WidgetOut, WidgetPatch
from hamdel.people.models import Team
from hamdel.people.permissions import caller, require_admin

router = Router(tags=["chat"])


def script_tag(request: HttpRequest, widget: Widget) -> str:
    src = request.build_absolute_uri(reverse("chat-widget-script"))
    return f'<script src="{src}" data-widget="{widget.pk}" async></script>'


def _out(request: HttpRequest, widget: Widget) -> dict[str, Any]:
    return {
        "id": widget.pk,
        "name": widget.name,
        "team_id": widget.team_id,
        "allowed_origins": widget.allowed_origins,
        "languages": widget.languages,
        "no_answer_seconds": widget.no_answer_seconds,
        "agent_capacity": widget.agent_capacity,
        "is_active": widget.is_active,
        "script": script_tag(request, widget),
    }


def _fields(payload: dict[str, Any]) -> dict[str, Any]:
    fields = {name: value for name, value in payload.items() if value is not None}
    if "team_id" in fields:
        team = Team.objects.filter(pk=fields.pop("team_id")).first()
        if team is None:
            raise ValidationError({"team_id": _("No team has this id.")})
        fields["team"] = team
    return fields


@router.get("/widgets", response=list[WidgetOut])
def list_widgets(request: HttpRequest) -> list[dict[str, Any]]:
    require_admin(request)
    return [_out(request, widget) for widget in Widget.objects.all()]


@router.post("/widgets", response={201: WidgetOut})
def create_widget(request: HttpRequest, payload: WidgetIn) -> Status[dict[str, Any]]:
    require_admin(request)
    widget = actions.save_widget(Widget(), _fields(payload.dict()), caller(request))
    return Status(201, _out(request, widget))


@router.get("/widgets/{widget_id}", response=WidgetOut)
def get_widget(request: HttpRequest, widget_id: int) -> dict[str, Any]:
    require_admin(request)
    return _out(request, get_object_or_404(Widget, pk=widget_id))


@router.patch("/widgets/{widget_id}", response=WidgetOut)
def update_widget(request: HttpRequest, widget_id: int, payload: WidgetPatch) -> dict[str, Any]:
    require_admin(request)
    widget = get_object_or_404(Widget, pk=widget_id)
    fields = _fields(payload.dict(exclude_unset=True))
    return _out(request, actions.save_widget(widget, fields, caller(request)))
