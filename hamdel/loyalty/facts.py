"""The customer's points balance, for short customer summaries (the phone's screen pop)."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Fact
from hamdel.loyalty.points import balance_of
from hamdel.people.models import Customer


def facts(customer: Customer) -> list[Fact]:
    balance = balance_of(customer.pk)
    return [Fact(_("Loyalty points"), str(balance), tone="good" if balance else "")]
