"""Plain factories of the compensation tests."""

from decimal import Decimal

from django.contrib.auth.models import User

from hamdel.compensation import actions
from hamdel.compensation.models import Compensation, Limit
from hamdel.people.models import Role
from hamdel.tickets.models import Conversation


def set_limit(role: str, per_case: str, per_month: str, currency: str = "USD") -> Limit:
    limit, _created = Limit.objects.update_or_create(
        role=role,
        currency=currency,
        defaults={"per_case": Decimal(per_case), "per_month": Decimal(per_month)},
    )
    return limit


def usual_limits(currency: str = "USD") -> None:
    """An agent grants 50 per case and 200 a month; a supervisor 500 per case."""
    set_limit(Role.AGENT, "50", "200", currency)
    set_limit(Role.SUPERVISOR, "500", "5000", currency)


def ask(
    conversation: Conversation,
    user: User,
    amount: str = "12.50",
    *,
    kind: str = "partial_refund",
    currency: str = "USD",
    reason: str = "late",
    reference: str = "",
) -> Compensation:
    draft = actions.Draft(
        kind=kind, amount=amount, currency=currency, reason=reason, reference=reference
    )
    return actions.request_compensation(conversation, draft, user)
