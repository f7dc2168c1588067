"""The widget's script and upload (public, for customers' sites), the administrators'
widget pages (/chat/widgets/), and the agents' chat desk (/chat/desk/)."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from hamdel.chat import actions, tokens
from hamdel.chat.forms import WidgetForm
from hamdel.chat.models import Widget
from hamdel.chat.texts import widget_texts
from hamdel.people.models import Presence
from hamdel.people.permissions import agent_required, me, my_agent, require_admin

SCRIPT = Path(__file__).parent / "static" / "chat" / "widget.js"
# The script and the upload answer only what they must: nothing may be framed, loaded or
# run from them beyond the script itself.
STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


@cache
def _script() -> str:
    texts = json.dumps(widget_texts(), ensure_ascii=False, sort_keys=True)
    return f"var HAMDEL_CHAT_TEXTS = {texts};\n{SCRIPT.read_text()}"


@require_GET
def widget_script(request: HttpRequest) -> HttpResponse:
    """/chat/widget.js: one file, its four languages' texts inside, no further requests
    except its own socket and uploads to this host."""
    if settings.DEBUG:
        _script.cache_clear()  # the file may have just been edited
    body = _script()
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response.headers["Content-Security-Policy"] = STRICT_CSP
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@csrf_exempt  # no cookie is involved: the visitor token in the form authenticates
@require_POST
def upload(request: HttpRequest, widget_id: int) -> HttpResponse:
    widget = Widget.objects.filter(pk=widget_id, is_active=True).first()
    origin = request.headers.get("Origin", "")
    if widget is None or origin not in widget.allowed_origins:
        return _json({"error": _("This site may not send files to this chat.")}, 403, "")
    visitor = tokens.read(request.POST.get("token", ""), widget.pk)
    file = request.FILES.get("file")
    if visitor is None or file is None:
        return _json({"error": _("The file could not be sent.")}, 400, origin)
    if (file.size or 0) > actions.upload_limit_bytes():
        limit = actions.upload_limit_bytes() // (1024 * 1024)
        text = _("This file is too large: send files up to %(mb)s MB.") % {"mb": limit}
        return _json({"error": text}, 413, origin)
    session = actions.session_for(widget, visitor.visitor, "")
    try:
        stored = actions.store_upload(
            session, file.name or "", file.content_type or "", file.read()
        )
    except ValidationError as error:
        return _json({"error": " ".join(error.messages)}, 400, origin)
    return _json({"id": stored.pk, "name": stored.filename}, 201, origin)


def _json(data: dict[str, object], status: int, origin: str) -> HttpResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    response.headers["Content-Security-Policy"] = STRICT_CSP
    return response


# --- administrators ------------------------------------------------------------------------


@agent_required
def widget_list(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    widgets = Widget.objects.select_related("team").all()
    return render(request, "chat/widget_list.html", {"widgets": widgets})


@agent_required
def widget_edit(request: HttpRequest, widget_id: int | None = None) -> HttpResponse:
    require_admin(request)
    found = get_object_or_404(Widget, pk=widget_id) if widget_id else None
    editing = WidgetForm(request.POST or None, initial=WidgetForm.initial_of(found))
    if request.method == "POST" and editing.is_valid():
        try:
            saved = actions.save_widget(found or Widget(), dict(editing.cleaned_data), me(request))
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                editing.add_error(field if field in editing.fields else None, problems)
        else:
            messages.success(request, _("Saved."))
            return redirect("chat-widget", saved.pk)
    script = request.build_absolute_uri(reverse("chat-widget-script"))
    context = {"found": found, "editing": editing, "script": script}
    return render(request, "chat/widget_edit.html", context)


# --- agents ---------------------------------------------------------------------------------


@agent_required
def desk(request: HttpRequest) -> HttpResponse:
    agent = my_agent(request)
    colleagues = (
        type(agent)
        .objects.filter(teams__in=agent.teams.all(), user__is_active=True)
        .exclude(pk=agent.pk)
        .select_related("user")
        .distinct()
    )
    context = {
        "agent": agent,
        "available": agent.presence == Presence.AVAILABLE,
        "colleagues": colleagues,
        "language": translation.get_language(),
    }
    return render(request, "chat/desk.html", context)
