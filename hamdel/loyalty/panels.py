"""The loyalty panel of the conversation page: the customer's points, and what an agent
gives from here (a coupon, goodwill points, a logged extra mile)."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from hamdel.loyalty import coupons, points, queries
from hamdel.loyalty.forms import ExtraMileForm, GiveCouponForm, GoodwillForm
from hamdel.people.models import Customer
from hamdel.people.permissions import me
from hamdel.tickets.models import Conversation


def conversation_side(request: HttpRequest, conversation: Conversation) -> str:
    return render_to_string(
        "loyalty/_conversation_side.html",
        {
            "conversation": conversation,
            "balance": points.balance_of(conversation.customer_id),
            "given": queries.coupons_given_in(conversation),
            "coupon_limit": coupons.coupon_limit(me(request)),
            "goodwill_limit": points.goodwill_limit(me(request)),
            "coupon_form": GiveCouponForm(),
            "goodwill_form": GoodwillForm(),
            "extra_mile_form": ExtraMileForm(),
        },
        request=request,
    )


def customer_side(request: HttpRequest, customer: Customer) -> str:
    """The customer page: the balance, the latest entries and the order count."""
    ledger = points.ledger_of(customer, limit=5)
    return render_to_string(
        "loyalty/_customer_side.html",
        {"ledger": ledger, "orders": points.order_count(customer.pk)},
        request=request,
    )
