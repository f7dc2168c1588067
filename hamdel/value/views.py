"""The value page (fits, cut-offs, imports) and the customer page's tier buttons."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.lib.web import attempt, back
from hamdel.people.models import Customer, Tier
from hamdel.people.permissions import agent_required, me, require_supervisor
from hamdel.value import actions, queries
from hamdel.value.forms import ImportForm, ManualTierForm, PolicyForm
from hamdel.value.models import TierPolicy, TransactionImport


@agent_required
def home(request: HttpRequest) -> HttpResponse:
    require_supervisor(request)
    policy = TierPolicy.load()
    initial = {name: getattr(policy, name) for name in PolicyForm.base_fields}
    context = {
        "last_fit": queries.last_fit(),
        "good_fit": queries.last_good_fit(),
        "fits": queries.recent_fits(),
        "imports": queries.recent_imports(),
        "top": queries.top_customers(),
        "counts": [(tier, queries.tier_counts().get(tier, 0)) for tier in Tier],
        "policy_form": PolicyForm(initial=initial),
        "import_form": ImportForm(),
    }
    return render(request, "value/home.html", context)


@agent_required
@require_POST
def fit(request: HttpRequest) -> HttpResponse:
    require_supervisor(request)
    actions.queue_fit()
    messages.success(request, _("The fit runs in the background; this page shows it when done."))
    return redirect("value")


@agent_required
@require_POST
def cutoffs(request: HttpRequest) -> HttpResponse:
    require_supervisor(request)
    form = PolicyForm(request.POST)
    if not form.is_valid():
        for error in form.errors.as_data().values():
            for message in error:
                messages.error(request, " ".join(message.messages))
    elif attempt(request, actions.update_policy, me(request), **form.cleaned_data):
        messages.success(request, _("Cut-offs saved; the tiers follow them."))
    return redirect("value")


@agent_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    require_supervisor(request)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for message in form.errors.as_data().get("file", []):
            messages.error(request, " ".join(message.messages))
        return redirect("value")
    upload = request.FILES["file"]
    name = getattr(upload, "name", "") or "upload.csv"
    batch = attempt(request, actions.start_import, name, form.cleaned_data["file"], me(request))
    if batch is None:
        return redirect("value")
    actions.queue_import(batch)
    return redirect("value-import", pk=batch.pk)


@agent_required
def import_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_supervisor(request)
    batch = get_object_or_404(TransactionImport.objects.defer("content"), pk=pk)
    return render(request, "value/import.html", {"batch": batch})


@agent_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    require_supervisor(request)
    batch = get_object_or_404(TransactionImport.objects.defer("content"), pk=pk)
    return render(request, "value/_progress.html", {"batch": batch})


@agent_required
@require_POST
def set_tier(request: HttpRequest, pk: int) -> HttpResponse:
    require_supervisor(request)
    customer = get_object_or_404(Customer, pk=pk)
    form = ManualTierForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a tier."))
    elif attempt(
        request,
        actions.set_manual_tier,
        customer,
        form.cleaned_data["tier"],
        form.cleaned_data["note"],
        me(request),
    ):
        messages.success(request, _("Tier set by hand."))
    return back(request, reverse("customer", args=[customer.pk]))


@agent_required
@require_POST
def clear_tier(request: HttpRequest, pk: int) -> HttpResponse:
    require_supervisor(request)
    customer = get_object_or_404(Customer, pk=pk)
    if attempt(request, actions.clear_manual_tier, customer, me(request)):
        messages.success(request, _("The customer's value sets the tier again."))
    return back(request, reverse("customer", args=[customer.pk]))
