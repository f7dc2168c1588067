"""The nightly fit stores each customer's value and tier; a failed fit keeps the last good."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hamdel.audit.models import Event
from hamdel.people.models import Customer, Tier
from hamdel.test import Cast
from hamdel.value import actions, clv, jobs
from hamdel.value.models import CustomerValue, FitState, TierPolicy, Transaction
from hamdel.value.tests.factories import seed_customers

pytestmark = pytest.mark.django_db


def test_a_fit_stores_the_value_of_every_customer_who_bought() -> None:
    customers = seed_customers(120)
    fit = actions.fit_values()
    assert fit.state == FitState.OK, fit.reason
    assert fit.customers == 120
    assert fit.transactions == Transaction.objects.count()
    assert fit.r is not None
    assert 0.05 < fit.r < 2
    values = {value.customer_id: value for value in CustomerValue.objects.all()}
    assert set(values) == {customer.pk for customer in customers}
    ranks = sorted(values.values(), key=lambda value: value.rank)
    assert [value.rank for value in ranks] == list(range(1, 121))
    assert ranks[0].lifetime_value >= ranks[-1].lifetime_value
    assert all(0 <= value.probability_alive <= 1 for value in ranks)
    assert all(value.expected_purchases >= 0 for value in ranks)
    assert Event.objects.filter(verb="value.fitted", subject_id=fit.pk).exists()


def test_the_default_cut_offs_make_the_top_5_percent_platinum_and_the_next_15_gold() -> None:
    seed_customers(120)
    actions.fit_values()
    by_rank = {v.customer_id: v.rank for v in CustomerValue.objects.all()}
    tiers = dict(Customer.objects.values_list("pk", "tier"))
    for pk, rank in by_rank.items():
        expected = (
            Tier.PLATINUM
            if rank <= 6
            else Tier.GOLD
            if rank <= 24
            else Tier.SILVER
            if rank <= 60
            else Tier.STANDARD
        )
        assert tiers[pk] == expected, rank
    top = Customer.objects.get(pk=min(by_rank, key=by_rank.__getitem__))
    assert top.tier_reason.startswith("Platinum: in the top 5 % of customers")
    assert "rank 1 of 120" in top.tier_reason


def test_a_failed_fit_keeps_the_last_good_values_and_says_why(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    seed_customers(60)
    good = actions.fit_values()
    before = dict(CustomerValue.objects.values_list("customer_id", "lifetime_value"))
    tiers = dict(Customer.objects.values_list("pk", "tier"))

    def fails(summary: clv.Summary) -> clv.Fit:
        raise clv.FitError("The BG/NBD fit did not converge (the likelihood was not finite).")

    monkeypatch.setattr(clv, "fit", fails)
    failed = jobs.refit_values.call_local()
    assert failed != good.pk
    assert dict(CustomerValue.objects.values_list("customer_id", "lifetime_value")) == before
    assert set(CustomerValue.objects.values_list("fit_id", flat=True)) == {good.pk}
    assert dict(Customer.objects.values_list("pk", "tier")) == tiers
    assert Event.objects.filter(verb="value.fit_failed").count() == 1
    client.force_login(cast.sam.user)
    page = client.get(reverse("value")).content.decode()
    assert "did not converge" in page
    assert "last good fit" in page


def test_no_transactions_is_a_failed_fit_with_its_reason() -> None:
    fit = actions.fit_values()
    assert fit.state == FitState.FAILED
    assert fit.reason == "There are no transactions yet."


def test_changing_the_cut_offs_sets_the_tiers_again_without_refitting(cast: Cast) -> None:
    seed_customers(60)
    actions.fit_values()
    actions.update_policy(
        cast.sam.user, basis="value", vip=None, platinum=None, gold=Decimal("0.01"), silver=None
    )
    valued = dict(CustomerValue.objects.values_list("customer_id", "lifetime_value"))
    tiers = dict(Customer.objects.filter(pk__in=valued).values_list("pk", "tier"))
    for pk, value in valued.items():
        assert tiers[pk] == (Tier.GOLD if value >= Decimal("0.01") else Tier.STANDARD)
    assert TierPolicy.load().basis == "value"


def test_shares_over_100_percent_are_refused(cast: Cast) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.update_policy(cast.sam.user, platinum=Decimal(60), gold=Decimal(50))
