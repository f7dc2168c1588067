"""The PBX webhook (public, authenticated by its token URL, Twilio's also by signature),
the agents' phone desk and callbacks queue, the supervisors' wallboard and the
administrators' integrations. Thin: the work is in inbound.py and actions.py."""

import json
import logging
from xml.sax.saxutils import quoteattr

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hamdel.lib.web import attempt, back
from hamdel.people.permissions import agent_required, me, require_admin, require_supervisor
from hamdel.phone import actions, inbound, queries
from hamdel.phone.forms import AttachForm, IntegrationForm, MessageForm, OutcomeForm
from hamdel.phone.models import CallbackStatus, Kind
from hamdel.tickets.models import Conversation
from hamdel.tickets.queries import conversation_for

logger = logging.getLogger(__name__)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _sipgate_answer(url: str) -> HttpResponse:
    """sipgate.io sends answer and hangup only to a URL its newCall answer names."""
    quoted = quoteattr(url)
    body = f'<?xml version="1.0" encoding="UTF-8"?><Response onAnswer={quoted} onHangup={quoted}/>'
    return HttpResponse(body, content_type="application/xml")


@csrf_exempt  # PBXs do not hold our CSRF cookie; the secret URL (and signature) proves them
def hook(request: HttpRequest, token: str) -> HttpResponse:
    integration = queries.integration_by_token(token)  # unknown: 404, nothing stored
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    now = timezone.now()
    try:
        if integration.kind == Kind.TWILIO:
            if not inbound.verify_twilio(integration, request):
                logger.warning("phone integration %s: a bad Twilio signature", integration.pk)
                return HttpResponse(status=403)
            received = inbound.read_twilio(request, now)
        else:
            received = inbound.read_generic(request, now)
        call = actions.receive_events(integration, received)
    except (ValueError, json.JSONDecodeError):
        return JsonResponse({"error": _("The request is not a call event we know.")}, status=400)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    if integration.kind == Kind.TWILIO:
        return HttpResponse(EMPTY_TWIML, content_type="application/xml")
    if request.content_type != "application/json":
        return _sipgate_answer(actions.integration_url(integration))
    return JsonResponse({"call": call.pk, "outcome": call.outcome})


@agent_required
def desk(request: HttpRequest) -> HttpResponse:
    user = me(request)
    context = {
        "callbacks": queries.callbacks_for(user, CallbackStatus.OPEN)[:20],
        "calls": queries.calls_for(user)[:20],
        "now": timezone.now(),
    }
    return render(request, "phone/desk.html", context)


@agent_required
def callbacks(request: HttpRequest) -> HttpResponse:
    user = me(request)
    context = {
        "callbacks": queries.callbacks_for(user, CallbackStatus.OPEN)[:200],
        "messages_taken": queries.messages_for(user)[:200],
        "form": OutcomeForm(),
        "now": timezone.now(),
    }
    return render(request, "phone/callbacks.html", context)


@agent_required
@require_POST
def callback_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    callback = queries.callback_for(me(request), pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome."))
    else:
        data = form.cleaned_data
        done = attempt(
            request,
            actions.record_outcome,
            callback,
            data["outcome"],
            data["retry_at"],
            me(request),
        )
        if done:
            messages.success(request, _("Outcome recorded."))
    return back(request, "/phone/callbacks/")


@agent_required
def message_new(request: HttpRequest) -> HttpResponse:
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.take_message(actor=me(request), **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Message taken; your colleague has been told."))
            return redirect("phone-callbacks")
    return render(request, "phone/message_new.html", {"form": form})


@agent_required
@require_POST
def message_done(request: HttpRequest, pk: int) -> HttpResponse:
    message = queries.message_for(me(request), pk)
    if attempt(request, actions.finish_message, message, me(request)):
        messages.success(request, _("Marked as called back."))
    return back(request, "/phone/callbacks/")


@agent_required
def wallboard(request: HttpRequest) -> HttpResponse:
    require_supervisor(request)
    return render(request, "phone/wallboard.html", {"rows": queries.wallboard_rows(timezone.now())})


@agent_required
def integrations(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    rows = [(each, actions.integration_url(each)) for each in queries.integrations()]
    return render(request, "phone/integrations.html", {"rows": rows})


@agent_required
def integration_new(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    form = IntegrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_integration(actor=me(request), **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Phone system connected. Give the PBX this address."))
            return redirect("phone-integrations")
    return render(request, "phone/integration_new.html", {"form": form})


@agent_required
@require_POST
def call_attach(request: HttpRequest, pk: int) -> HttpResponse:
    call = queries.call_for(me(request), pk)
    form = AttachForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number of a conversation."))
        return back(request, "/phone/")
    found = get_object_or_404(Conversation, number=form.cleaned_data["conversation"])
    conversation = conversation_for(me(request), found.pk)
    if attempt(request, actions.attach_call, call, conversation, me(request)):
        messages.success(request, _("The call is attached to the conversation."))
    return back(request, "/phone/")


@agent_required
@require_POST
def call_open(request: HttpRequest, pk: int) -> HttpResponse:
    call = queries.call_for(me(request), pk)
    conversation = attempt(request, actions.open_conversation_for_call, call, me(request))
    if conversation is None:
        return back(request, "/phone/")
    return redirect("conversation", conversation.pk)
