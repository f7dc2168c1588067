"""Providers' webhooks (public, each request proved by its signature or secret), the
administrators' account pages, and an agent's template message. Thin: the work is in
inbound.py and actions.py."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hamdel.lib.web import attempt
from hamdel.messaging import actions, inbound, queries
from hamdel.messaging.adapters import adapter_of
from hamdel.messaging.forms import AccountForm, TemplateForm
from hamdel.messaging.models import Template
from hamdel.people.permissions import agent_required, me, require_admin
from hamdel.tickets import queries as ticket_queries

logger = logging.getLogger(__name__)


@csrf_exempt  # providers do not hold our CSRF cookie; the signature proves the request
def hook(request: HttpRequest, kind: str, hook: str) -> HttpResponse:
    account = queries.account_by_hook(kind, hook)
    adapter = adapter_of(account)
    if request.method == "GET":
        return adapter.handshake(account, request) or HttpResponseNotAllowed(["POST"])
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if not adapter.verify(account, request):
        # Not the provider: nothing stored, and the body is not logged.
        logger.warning(
            "messaging account %s: a webhook request failed its signature check", account.pk
        )
        return HttpResponse(status=403)
    try:
        inbound.take(account, adapter, adapter.read(account, request))
    except ValueError:
        return JsonResponse(
            {"error": _("The request body is not what this provider sends.")}, status=400
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return adapter.answer()


@agent_required
def account_list(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    rows = [(account, actions.webhook_url(account)) for account in queries.accounts()]
    return render(request, "messaging/accounts.html", {"rows": rows})


@agent_required
def account_new(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = actions.create_account(
                kind=data["kind"],
                name=data["name"],
                team=data["team"],
                api_base=data["api_base"],
                reopen_hours=data["reopen_hours"],
                credentials=form.credentials(),
                actor=me(request),
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            # The secret is shown on this page once, never stored where it can be read back.
            context = {
                "account": created.account,
                "url": created.webhook_url,
                "secret": created.webhook_secret,
            }
            return render(request, "messaging/created.html", context)
    return render(request, "messaging/account_new.html", {"form": form})


@agent_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    account = queries.account_for_settings(pk)
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request, actions.save_template, account, actor=me(request), **form.cleaned_data
        )
        if saved:
            messages.success(request, _("Template saved."))
            return redirect("messaging-account", account.pk)
    context = {
        "account": account,
        "url": actions.webhook_url(account),
        "templates": account.templates.order_by("name", "language"),
        "form": form,
    }
    return render(request, "messaging/account.html", context)


@agent_required
@require_POST
def send_template(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = ticket_queries.conversation_for(request.user, pk)
    template = get_object_or_404(Template, pk=request.POST.get("template") or 0)
    parameters = request.POST.getlist("parameter")
    if attempt(request, actions.send_template, conversation, template, parameters, me(request)):
        messages.success(request, _("Template sent."))
    return redirect("conversation", pk)
