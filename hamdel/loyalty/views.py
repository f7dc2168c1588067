"""The loyalty page, the conversation panel's forms, the thank-you templates and the
public page of a raffle. Thin: parse, call one action, go back."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.lib.web import attempt, back
from hamdel.loyalty import coupons, gestures, points, queries, raffles, thanks
from hamdel.loyalty.forms import DrawForm, ExtraMileForm, GiveCouponForm, GoodwillForm, RaffleForm
from hamdel.loyalty.models import LoyaltySettings, Occasion, Raffle, Source
from hamdel.people.permissions import agent_required, me, my_agent, require_admin
from hamdel.tickets.queries import conversation_for

COUNT_PERIOD = timedelta(days=30)


@agent_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "loyalty/home.html",
        {
            "rules": LoyaltySettings.load(),
            "batches": queries.recent_batches(),
            "raffles": queries.recent_raffles(),
            "extra_miles": gestures.extra_miles_per_agent(timezone.now() - COUNT_PERIOD),
            "is_admin": my_agent(request).is_admin,
            "raffle_form": RaffleForm(),
            "draw_form": DrawForm(),
        },
    )


def _to_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    return back(request, reverse("conversation", args=[pk]))


def _problems(request: HttpRequest, form: GiveCouponForm | GoodwillForm | ExtraMileForm) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@agent_required
@require_POST
def give_coupon(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(request.user, pk)
    form = GiveCouponForm(request.POST)
    if not form.is_valid():
        _problems(request, form)
        return _to_conversation(request, pk)
    coupon = attempt(
        request,
        coupons.give_coupon,
        conversation,
        me(request),
        kind=form.cleaned_data["kind"],
        value=form.cleaned_data["value"],
        currency=form.cleaned_data["currency"],
    )
    if coupon is not None:
        messages.success(request, _("Coupon %(code)s given.") % {"code": coupon.code})
    return _to_conversation(request, pk)


@agent_required
@require_POST
def give_points(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(request.user, pk)
    form = GoodwillForm(request.POST)
    if not form.is_valid():
        _problems(request, form)
        return _to_conversation(request, pk)
    entry = attempt(
        request,
        points.earn_points,
        conversation.customer,
        Source.GOODWILL,
        points=form.cleaned_data["points"],
        actor=me(request),
        conversation=conversation,
        note=form.cleaned_data["note"],
    )
    if entry is not None:
        messages.success(request, _("%(points)s points given.") % {"points": entry.points})
    return _to_conversation(request, pk)


@agent_required
@require_POST
def extra_mile(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(request.user, pk)
    form = ExtraMileForm(request.POST)
    if not form.is_valid():
        _problems(request, form)
        return _to_conversation(request, pk)
    if attempt(
        request,
        gestures.log_extra_mile,
        conversation,
        me(request),
        form.cleaned_data["kind"],
        form.cleaned_data["note"],
    ):
        messages.success(request, _("Logged on the timeline. Thank you!"))
    return _to_conversation(request, pk)


@agent_required
def thank_you_templates(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    if request.method == "POST":
        for occasion in Occasion.values:
            for language in thanks.LANGUAGES:
                body = request.POST.get(f"{occasion}-{language}", "").strip()
                if body:
                    thanks.save_template(occasion, language, body)
        messages.success(request, _("Thank-you messages saved."))
        return redirect("loyalty-thanks")
    rows = [
        (
            occasion,
            label,
            [(language, thanks.template_text(occasion, language)) for language in thanks.LANGUAGES],
        )
        for occasion, label in Occasion.choices
    ]
    return render(request, "loyalty/thanks.html", {"rows": rows})


@agent_required
@require_POST
def open_raffle(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    form = RaffleForm(request.POST)
    if form.is_valid():
        eligibility = {"rule": form.cleaned_data["rule"], "tier": form.cleaned_data["tier"]}
        if eligibility["rule"] != "tier":
            eligibility.pop("tier")
        attempt(
            request,
            raffles.open_raffle,
            form.cleaned_data["name"],
            form.cleaned_data["winners"],
            eligibility,
            me(request),
        )
    else:
        messages.error(request, _("Give the raffle a name and a number of winners."))
    return redirect("loyalty")


@agent_required
@require_POST
def close_raffle(request: HttpRequest, raffle_id: int) -> HttpResponse:
    require_admin(request)
    attempt(request, raffles.close_raffle, get_object_or_404(Raffle, pk=raffle_id), me(request))
    return redirect("loyalty")


@agent_required
@require_POST
def draw_raffle(request: HttpRequest, raffle_id: int) -> HttpResponse:
    require_admin(request)
    form = DrawForm(request.POST)
    public_value = form.cleaned_data["public_value"] if form.is_valid() else ""
    raffle = get_object_or_404(Raffle, pk=raffle_id)
    attempt(request, raffles.draw_raffle, raffle, me(request), public_value)
    return redirect("raffle-public", raffle_id)


def public_raffle(request: HttpRequest, raffle_id: int) -> HttpResponse:
    """Anyone may check a raffle: no personal data, only what the draw is computed from."""
    audit = raffles.audit_of(get_object_or_404(Raffle, pk=raffle_id))
    if request.GET.get("format") == "json":  # what the documented verifier reads
        return JsonResponse(audit, json_dumps_params={"ensure_ascii": False})
    return render(request, "loyalty/raffle.html", {"audit": audit})
