"""The customer pages: the list, the profile with its conversations and timeline, and
every change made from them. They live in the workspace because a customer's page
combines people (profile, identities, merges), tickets (their conversations) and audit
(the timeline); people itself never reads tickets."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.audit.models import Event
from hamdel.lib.pagination import paginate
from hamdel.lib.params import choice_param
from hamdel.lib.web import attempt
from hamdel.people import actions
from hamdel.people import queries as people_queries
from hamdel.people.forms import CustomerForm, CustomerMergeForm, IdentityForm
from hamdel.people.models import Customer, Identity, Tier
from hamdel.people.permissions import agent_required, me, require_supervisor
from hamdel.workspace import queries
from hamdel.workspace.describe import describe

TIMELINE_PAGE = 50
LIST_PAGE = 50


@agent_required
def customers(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    tier = choice_param(request.GET, "tier", Tier.values) or None
    found = people_queries.search_customers(text or None, tier=tier)
    page = paginate(
        found, list_name="customers", sort="-created_at", allowed_sorts=("-created_at",),
        cursor=request.GET.get("cursor"), limit=LIST_PAGE,
    )  # fmt: skip
    return render(request, "workspace/customers.html", {"page": page, "text": text})


@agent_required
def customer(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(people_queries.customers(), pk=pk)
    timeline = paginate(
        queries.customer_timeline(request.user, found.pk), list_name="timeline",
        sort="-id", allowed_sorts=("-id",), cursor=request.GET.get("cursor"), limit=TIMELINE_PAGE,
    )  # fmt: skip
    context = {
        "customer": found,
        "form": CustomerForm(initial=CustomerForm.initial_of(found)),
        "identity_form": IdentityForm(),
        "conversations": list(queries.customer_conversations(request.user, found)),
        "timeline": timeline,
        "events": [(event, describe(event)) for event in timeline.items],
        "merges": list(people_queries.merge_events_of(found)[:1]) if found.merged_into_id else [],
    }
    return render(request, "workspace/customer.html", context)


@agent_required
@require_POST
def edit_customer(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Customer, pk=pk)
    form = CustomerForm(request.POST)
    if form.is_valid() and (
        attempt(request, actions.update_customer, found, me(request), **form.cleaned_data)
        is not None
    ):
        messages.success(request, _("Customer saved."))
    return redirect("customer", pk)


@agent_required
@require_POST
def add_identity(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Customer, pk=pk)
    form = IdentityForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(request, actions.add_identity, found, data["kind"], data["value"], me(request))
    return redirect("customer", pk)


@agent_required
@require_POST
def remove_identity(request: HttpRequest, pk: int, identity_id: int) -> HttpResponse:
    identity = get_object_or_404(Identity, pk=identity_id, customer_id=pk)
    actions.remove_identity(identity, me(request))
    return redirect("customer", pk)


@agent_required
@require_POST
def merge_customer(request: HttpRequest, pk: int) -> HttpResponse:
    require_supervisor(request)
    source = get_object_or_404(Customer, pk=pk)
    form = CustomerMergeForm(request.POST)
    target = (
        Customer.objects.filter(pk=form.data.get("target") or 0).first()
        if form.is_valid()
        else None
    )
    if target is None:
        messages.error(request, _("There is no customer with this number."))
        return redirect("customer", pk)
    if attempt(request, actions.merge_customers, source, target, me(request)):
        messages.success(request, _("Merged into %(name)s.") % {"name": target.name})
        return redirect("customer", target.pk)
    return redirect("customer", pk)


@agent_required
@require_POST
def unmerge_customer(request: HttpRequest, pk: int, event_id: int) -> HttpResponse:
    require_supervisor(request)
    merge = get_object_or_404(Event, pk=event_id, verb="customer.merged")
    if attempt(request, actions.unmerge_customers, merge, me(request)):
        messages.success(request, _("The merge is undone."))
    return redirect("customer", pk)
