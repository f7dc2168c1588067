"""Money as the reader writes it: `{{ compensation|money }}`, `{{ limit|money:"per_case" }}`."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils import translation

from hamdel.compensation import money as amounts

register = template.Library()


@register.filter
def money(value: Any, field: str = "amount") -> str:
    """A model with `currency` and an amount field, shown in the active language."""
    if value is None:
        return ""
    amount = getattr(value, field)
    return amounts.display(Decimal(amount), value.currency, translation.get_language() or "en")


@register.filter
def plain(value: Any, field: str = "amount") -> str:
    """The amount for a form field: ASCII digits, the currency's minor units."""
    if value is None:
        return ""
    return amounts.as_text(Decimal(getattr(value, field)), value.currency)
