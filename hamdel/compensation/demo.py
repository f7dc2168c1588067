"""Demo limits, run by `hamdel demo` after the core story (hamdel.lib.registry): an agent
grants up to a modest amount per case and per month in each currency, a supervisor up to
ten times that; administrators have no limit."""

from decimal import Decimal
from typing import Any

from hamdel.compensation.models import Limit
from hamdel.people.models import Role

# Per case, per month for an agent; a supervisor's are ten times these.
AGENT_LIMITS = {
    "IRR": (Decimal(20_000_000), Decimal(100_000_000)),
    "TRY": (Decimal(1500), Decimal(7500)),
    "RUB": (Decimal(5000), Decimal(25000)),
    "USD": (Decimal(50), Decimal(250)),
    "EUR": (Decimal(50), Decimal(250)),
}


def load(options: dict[str, Any]) -> None:
    if Limit.objects.exists():
        return
    rows = []
    for currency, (per_case, per_month) in AGENT_LIMITS.items():
        rows.append(
            Limit(role=Role.AGENT, currency=currency, per_case=per_case, per_month=per_month)
        )
        rows.append(
            Limit(
                role=Role.SUPERVISOR,
                currency=currency,
                per_case=per_case * 10,
                per_month=per_month * 10,
            )
        )
    Limit.objects.bulk_create(rows)
