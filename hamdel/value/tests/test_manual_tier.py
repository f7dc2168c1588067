"""A supervisor's tier wins over the computed one, says so, and can be cleared."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hamdel.audit.models import Event
from hamdel.people import signals
from hamdel.people.models import Customer, Tier
from hamdel.test import Cast
from hamdel.value import actions
from hamdel.value.models import CustomerValue
from hamdel.value.tests.factories import seed_customers

pytestmark = pytest.mark.django_db


def _changes_heard() -> list[dict[str, Any]]:
    heard: list[dict[str, Any]] = []

    def listen(sender: Any, customer: Customer, changes: dict[str, Any], **kwargs: Any) -> None:
        heard.append({"customer": customer.pk, **changes})

    signals.customer_changed.connect(listen, weak=False, dispatch_uid="value-test")
    return heard


@pytest.fixture
def heard() -> Any:
    found = _changes_heard()
    yield found
    signals.customer_changed.disconnect(dispatch_uid="value-test")


def test_a_tier_set_by_hand_wins_over_the_next_fit(cast: Cast, heard: list[dict[str, Any]]) -> None:
    customers = seed_customers(60)
    actions.fit_values()
    lowest = CustomerValue.objects.order_by("-rank").first()
    assert lowest is not None
    customer = Customer.objects.get(pk=lowest.customer_id)
    assert customer.tier == Tier.STANDARD
    actions.set_manual_tier(customer, Tier.VIP, "Our biggest reseller", cast.sam.user)
    customer.refresh_from_db()
    assert (customer.tier, customer.tier_manual) == (Tier.VIP, True)
    assert customer.tier_reason.startswith("Set by hand by sam on ")
    assert customer.tier_reason.endswith(": Our biggest reseller")
    assert {"customer": customer.pk, "tier": (Tier.STANDARD, Tier.VIP)} in heard
    actions.fit_values()
    customer.refresh_from_db()
    assert customer.tier == Tier.VIP
    assert customer.tier_manual
    assert CustomerValue.objects.get(customer=customer).computed_tier == Tier.STANDARD
    assert Event.objects.filter(verb="value.tier_set_by_hand", customer_id=customer.pk).exists()
    assert len(customers) == 60


def test_clearing_a_manual_tier_gives_back_the_computed_one(cast: Cast) -> None:
    seed_customers(60)
    actions.fit_values()
    top = CustomerValue.objects.get(rank=1)
    customer = Customer.objects.get(pk=top.customer_id)
    assert customer.tier == Tier.PLATINUM
    actions.set_manual_tier(customer, Tier.SILVER, "", cast.sam.user)
    actions.clear_manual_tier(customer, cast.sam.user)
    customer.refresh_from_db()
    assert (customer.tier, customer.tier_manual) == (Tier.PLATINUM, False)
    assert customer.tier_reason.startswith("Platinum: in the top 5 %")


def test_a_customer_with_no_value_goes_back_to_standard(cast: Cast) -> None:
    actions.set_manual_tier(cast.customer, Tier.GOLD, "", cast.sam.user)
    actions.clear_manual_tier(cast.customer, cast.sam.user)
    cast.customer.refresh_from_db()
    assert (cast.customer.tier, cast.customer.tier_manual, cast.customer.tier_reason) == (
        Tier.STANDARD,
        False,
        "",
    )


def test_the_supervisor_sets_and_clears_the_tier_on_the_customer_page(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.sam.user)
    page = reverse("customer", args=[cast.customer.pk])
    assert 'id="manual-tier"' in client.get(page).content.decode()
    response = client.post(
        reverse("value-set-tier", args=[cast.customer.pk]),
        {"tier": "gold", "note": "Signed a yearly contract", "next": page},
    )
    assert response.status_code == 302
    assert response["Location"] == page
    shown = client.get(page).content.decode()
    assert "tier set by hand" in shown
    assert "Signed a yearly contract" in shown
    client.post(reverse("value-clear-tier", args=[cast.customer.pk]), {"next": page})
    cast.customer.refresh_from_db()
    assert not cast.customer.tier_manual


def test_an_agent_sees_the_value_panel_but_cannot_set_the_tier(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice.user)
    shown = client.get(reverse("customer", args=[cast.customer.pk])).content.decode()
    assert 'id="customer-value"' in shown
    assert 'id="manual-tier"' not in shown
    response = client.post(reverse("value-set-tier", args=[cast.customer.pk]), {"tier": "vip"})
    assert response.status_code == 403
    cast.customer.refresh_from_db()
    assert cast.customer.tier == Tier.STANDARD
