"""The value app's customer facts (the phone's screen pop reads them from the registry)."""

import pytest
from django.utils import translation

from hamdel.lib import registry
from hamdel.people.models import Customer, Tier
from hamdel.test import Cast
from hamdel.value import actions
from hamdel.value.models import CustomerValue
from hamdel.value.tests.factories import seed_customers

pytestmark = pytest.mark.django_db


def _value_facts(customer: Customer) -> dict[str, str]:
    return {str(fact.label): fact.value for fact in registry.customer_facts(customer)}


def test_the_screen_pop_shows_the_tier_and_the_lifetime_value() -> None:
    seed_customers(60)
    actions.fit_values()
    top = Customer.objects.get(pk=CustomerValue.objects.get(rank=1).customer_id)
    facts = _value_facts(top)
    assert facts["Tier"] == "Platinum"
    assert facts["Lifetime value"].startswith("€")
    assert facts["Lifetime value"].endswith(" over 52 weeks")
    with translation.override("fa"):
        persian = _value_facts(top)
    assert any("۵۲" in value for value in persian.values())


def test_a_tier_set_by_hand_says_so_in_the_screen_pop(cast: Cast) -> None:
    actions.set_manual_tier(cast.customer, Tier.GOLD, "", cast.sam.user)
    cast.customer.refresh_from_db()
    facts = _value_facts(cast.customer)
    assert facts["Tier"] == "Gold (set by hand)"
    assert "Lifetime value" not in facts  # no order, no value
