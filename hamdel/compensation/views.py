"""The conversation panel's forms, the approvals queue and the limits page. Thin."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.compensation import actions, gateway, queries
from hamdel.compensation.forms import RequestForm
from hamdel.compensation.models import State
from hamdel.compensation.money import CURRENCIES
from hamdel.lib.web import attempt, back
from hamdel.people.models import Role
from hamdel.people.permissions import agent_required, me, require_admin, require_supervisor
from hamdel.tickets.queries import conversation_for


@agent_required
@require_POST
def request_compensation(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(me(request), pk)
    form = RequestForm(request.POST)
    fallback = reverse("conversation", args=[pk])
    if not form.is_valid():
        messages.error(request, _("Fill in what, how much, the currency and the reason."))
        return back(request, fallback)
    draft = actions.Draft(**form.cleaned_data)
    made = attempt(request, actions.request_compensation, conversation, draft, me(request))
    if made is not None:
        granted = queries.state(queries.compensation_for(me(request), made.pk)) == State.APPROVED
        messages.success(
            request, _("Granted.") if granted else _("Requested: it waits for the approver.")
        )
    return back(request, fallback)


def _decide(request: HttpRequest, compensation_id: int, approve: bool) -> HttpResponse:
    found = queries.compensation_for(me(request), compensation_id)
    comment = request.POST.get("comment", "")
    run = actions.approve_compensation if approve else actions.reject_compensation
    if attempt(request, run, found, me(request), comment):
        messages.success(request, _("Approved.") if approve else _("Rejected."))
    return back(request, reverse("conversation", args=[found.conversation_id]))


@agent_required
@require_POST
def approve(request: HttpRequest, compensation_id: int) -> HttpResponse:
    return _decide(request, compensation_id, approve=True)


@agent_required
@require_POST
def reject(request: HttpRequest, compensation_id: int) -> HttpResponse:
    return _decide(request, compensation_id, approve=False)


@agent_required
@require_POST
def mark_paid(request: HttpRequest, compensation_id: int) -> HttpResponse:
    """An administrator records a payment made outside the gateway's webhook."""
    require_admin(request)
    found = queries.compensation_for(me(request), compensation_id)
    result = attempt(
        request, actions.mark_paid, found, me(request), request.POST.get("reference", "")
    )
    if result is not None:
        messages.success(request, _("Paid.") if result.changed else _("Already paid."))
    return back(request, reverse("conversation", args=[found.conversation_id]))


@agent_required
def approvals(request: HttpRequest) -> HttpResponse:
    require_supervisor(request)
    rows = queries.rows_for(me(request), queries.pending_for(me(request)))
    return render(request, "compensation/approvals.html", {"rows": rows})


@agent_required
def limits_page(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    if request.method == "POST":
        rows = [
            actions.LimitRow(role, currency, per_case, per_month)
            for role, currency, per_case, per_month in _posted_limits(request)
        ]
        if attempt(request, actions.set_limits, rows, me(request)) is not None:
            messages.success(request, _("Limits saved."))
            return redirect("compensation-limits")
    current = {(limit.role, limit.currency): limit for limit in queries.all_limits()}
    grid = [
        (currency, [(role, current.get((role, currency))) for role in Role.values])
        for currency in CURRENCIES
    ]
    context = {"grid": grid, "roles": Role.choices, "secret": gateway.secret()}
    return render(request, "compensation/limits.html", context)


def _posted_limits(request: HttpRequest) -> list[tuple[str, str, str, str]]:
    """The grid's filled cells: a row for each role and currency with both amounts."""
    rows = []
    for currency in CURRENCIES:
        for role in Role.values:
            per_case = request.POST.get(f"{role}-{currency}-per_case", "").strip()
            per_month = request.POST.get(f"{role}-{currency}-per_month", "").strip()
            if per_case or per_month:
                rows.append((role, currency, per_case or "0", per_month or "0"))
    return rows
