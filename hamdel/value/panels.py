"""The value app's pieces of the customer page (hamdel.lib.registry panels)."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from hamdel.audit.models import Event
from hamdel.lib import localise
from hamdel.people.models import Customer
from hamdel.people.queries import agent_of
from hamdel.value import actions, queries, wording
from hamdel.value.forms import ManualTierForm
from hamdel.value.models import TierPolicy


def _context(request: HttpRequest, customer: Customer) -> dict[str, Any]:
    language = (get_language() or "en").split("-")[0]
    value = queries.value_of(customer)
    context: dict[str, Any] = {"customer": customer, "value": value}
    if value is not None:
        standing = actions.standing_of(value, value.fit, TierPolicy.load())
        context |= {
            "lifetime_value": wording.money(value.lifetime_value, value.currency, language),
            "average_spend": wording.money(value.average_spend, value.currency, language),
            "alive": wording.percent(100 * value.probability_alive, language),
            "purchases": localise.digits(f"{value.expected_purchases:.1f}", language),
            "computed_reason": wording.tier_reason(standing, language),
            "computed_tier": standing.tier,
        }
    if customer.tier_manual:
        context["manual_reason"] = _manual_reason(customer, language)
    return context


def _manual_reason(customer: Customer, language: str) -> str:
    """Who set the tier by hand, when and why, in the reader's language (the customer's
    tier_reason keeps it in the organisation's)."""
    event = (
        Event.objects.filter(verb="value.tier_set_by_hand", customer_id=customer.pk)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    if event is None:
        return customer.tier_reason
    who = (event.actor.get_full_name() or event.actor.get_username()) if event.actor else "—"
    note = str((event.data or {}).get("note", ""))
    return wording.manual_reason(who, timezone.localdate(event.created_at), note, language)


def customer_header(request: HttpRequest, customer: Customer) -> str:
    context = _context(request, customer)
    if context["value"] is None and not customer.tier_manual:
        return ""
    return render_to_string("value/_customer_header.html", context, request=request)


def customer_side(request: HttpRequest, customer: Customer) -> str:
    context = _context(request, customer)
    agent = agent_of(request.user)
    context["may_set_tier"] = agent is not None and agent.sees_everything
    if context["may_set_tier"]:
        context["form"] = ManualTierForm(initial={"tier": customer.tier})
    return render_to_string("value/_customer_side.html", context, request=request)
