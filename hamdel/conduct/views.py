"""The conduct pages: exposure, parting ways, settings; the panels' buttons. Thin."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse as url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.conduct import actions, queries
from hamdel.conduct.forms import PolicyForm, ProposeForm, TemplateForm, TermForm
from hamdel.conduct.masking import masked_html
from hamdel.conduct.models import ExtraTerm, Language, Parting, PartingState, Policy, TemplateKind
from hamdel.conduct.wording import template_text
from hamdel.lib.web import attempt, back
from hamdel.people.models import Customer
from hamdel.people.permissions import agent_required, me, require_admin, require_supervisor
from hamdel.tickets.queries import conversation_for, message_for


@agent_required
def exposure(request: HttpRequest) -> HttpResponse:
    require_supervisor(request)
    return render(request, "conduct/exposure.html", {"rows": queries.exposure()})


@agent_required
def partings(request: HttpRequest) -> HttpResponse:
    require_supervisor(request)
    state = request.GET.get("state", "")
    context = {
        "partings": queries.partings(state if state in PartingState.values else None),
        "states": PartingState.choices,
        "state": state,
    }
    return render(request, "conduct/partings.html", context)


@agent_required
def settings_page(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    templates = [
        (kind, label, [(code, name, template_text(kind, code)) for code, name in Language.choices])
        for kind, label in TemplateKind.choices
    ]
    context = {
        "policy_form": PolicyForm(instance=Policy.load()),
        "term_form": TermForm(),
        "terms": ExtraTerm.objects.filter(active=True),
        "templates": templates,
    }
    return render(request, "conduct/settings.html", context)


@agent_required
@require_POST
def save_policy(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    # A form changes its instance while validating: never the cached policy.
    form = PolicyForm(request.POST, instance=Policy.objects.get_or_create(pk=1)[0])
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        if attempt(request, actions.save_policy, me(request), **values):
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Check the highlighted fields."))
    return back(request, url("conduct-settings"))


@agent_required
@require_POST
def save_template(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    form = TemplateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        saved = attempt(
            request,
            actions.save_template,
            me(request),
            data["kind"],
            data["language"],
            data["body"],
        )
        if saved is not None:
            messages.success(request, _("Saved."))
    return back(request, url("conduct-settings"))


@agent_required
@require_POST
def add_term(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    form = TermForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        term = attempt(
            request,
            actions.add_term,
            me(request),
            data["text"],
            data["language"],
            data["category"],
            data["severity"],
            data["targeted"],
        )
        if term is not None:
            messages.success(request, _("Term added."))
    return back(request, url("conduct-settings"))


@agent_required
@require_POST
def remove_term(request: HttpRequest, term_id: int) -> HttpResponse:
    require_admin(request)
    term = get_object_or_404(ExtraTerm, pk=term_id)
    actions.remove_term(me(request), term)
    messages.success(request, _("Term removed."))
    return back(request, url("conduct-settings"))


@agent_required
@require_POST
def preference(request: HttpRequest) -> HttpResponse:
    actions.set_preference(me(request), request.POST.get("never_reveal") == "1")
    messages.success(request, _("Saved."))
    return back(request, url("inbox"))


@agent_required
@require_POST
def reveal(request: HttpRequest, message_id: int) -> HttpResponse:
    """One click: the message's words unmasked (an htmx fragment), recorded in the audit."""
    message = message_for(me(request), message_id)
    detection = attempt(request, actions.reveal_message, message, me(request))
    if detection is None:
        return back(request, url("conversation", args=[message.conversation_id]))
    return render(
        request,
        "conduct/_revealed.html",
        {"message": message, "masked": masked_html(message.body_text, detection.matches)},
    )


@agent_required
@require_POST
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(me(request), pk)
    supervisor = attempt(request, actions.hand_over, conversation, me(request))
    if supervisor is not None:
        messages.success(
            request,
            _("Handed to %(name)s.") % {"name": supervisor.get_full_name() or supervisor.username},
        )
    return back(request, url("conversation", args=[pk]))


@agent_required
@require_POST
def propose(request: HttpRequest, customer_id: int) -> HttpResponse:
    require_supervisor(request)
    customer = get_object_or_404(Customer, pk=customer_id)
    ids = [d.message_id for d in queries.detections_of_customer(customer)]
    form = ProposeForm(request.POST, message_ids=ids)
    if not form.is_valid():
        messages.error(request, _("Give a reason and link at least one message."))
    elif attempt(
        request,
        actions.propose_parting,
        customer,
        me(request),
        form.cleaned_data["reason"],
        form.cleaned_data["evidence"],
    ):
        messages.success(request, _("Proposed; an administrator will decide."))
    return back(request, url("customer", args=[customer_id]))


def _decide(
    request: HttpRequest, parting_id: int, run: Callable[[Parting, User, str], Parting], done: str
) -> HttpResponse:
    require_admin(request)
    parting = get_object_or_404(Parting, pk=parting_id)
    if attempt(request, run, parting, me(request), request.POST.get("note", "")[:2000]):
        messages.success(request, done)
    return back(request, url("customer", args=[parting.customer_id]))


@agent_required
@require_POST
def approve(request: HttpRequest, parting_id: int) -> HttpResponse:
    return _decide(
        request, parting_id, actions.approve_parting, _("Approved; the customer was told.")
    )


@agent_required
@require_POST
def reject(request: HttpRequest, parting_id: int) -> HttpResponse:
    return _decide(request, parting_id, actions.reject_parting, _("Rejected."))


@agent_required
@require_POST
def reverse(request: HttpRequest, parting_id: int) -> HttpResponse:
    return _decide(
        request, parting_id, actions.reverse_parting, _("Reversed; the customer was told.")
    )
