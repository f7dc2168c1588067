"""The points ledger: earn rules, redemption, reversal, expiry, the API's shape."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hamdel.audit.record import record_event
from hamdel.loyalty import points
from hamdel.loyalty.models import EntryKind, LoyaltySettings, PointsEntry, Source
from hamdel.people.actions import merge_customers
from hamdel.test import ApiClient, Cast, make_customer


def test_a_purchase_earns_points_by_its_amount_once_per_order(cast: Cast) -> None:
    rules = LoyaltySettings.load()
    rules.points_per_purchase_unit = Decimal("0.5")
    rules.save()
    first = points.earn_points(
        cast.customer, Source.PURCHASE, amount=Decimal("99.90"), currency="eur", reference="A1"
    )
    again = points.earn_points(
        cast.customer, Source.PURCHASE, amount=Decimal("99.90"), currency="EUR", reference="A1"
    )
    assert first.points == 49
    assert first.currency == "EUR"
    assert again.pk == first.pk
    assert points.balance_of(cast.customer.pk) == 49
    assert points.order_count(cast.customer.pk) == 1


def test_surveys_and_referrals_earn_the_configured_points(cast: Cast) -> None:
    points.earn_points(cast.customer, Source.SURVEY, reference="answer-1")
    points.earn_points(cast.customer, Source.REFERRAL, reference="customer-9")
    assert points.balance_of(cast.customer.pk) == 50 + 200


def test_goodwill_is_limited_by_the_agents_role(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="at most 200"):
        points.earn_points(cast.customer, Source.GOODWILL, points=201, actor=cast.alice.user)
    points.earn_points(cast.customer, Source.GOODWILL, points=200, actor=cast.alice.user)
    points.earn_points(cast.customer, Source.GOODWILL, points=2000, actor=cast.sam.user)
    points.earn_points(cast.customer, Source.GOODWILL, points=50_000, actor=cast.ada.user)
    assert points.balance_of(cast.customer.pk) == 52_200


def test_a_redemption_never_takes_the_balance_below_zero(cast: Cast) -> None:
    points.earn_points(cast.customer, Source.GOODWILL, points=100, actor=cast.ada.user)
    points.redeem_points(cast.customer, 60, "order-1")
    with pytest.raises(points.NotEnoughPoints, match="balance is 40"):
        points.redeem_points(cast.customer, 41, "order-2")
    assert points.redeem_points(cast.customer, 60, "order-1").points == -60  # the same one
    assert points.balance_of(cast.customer.pk) == 40


def test_the_ledger_is_append_only(cast: Cast) -> None:
    entry = points.earn_points(cast.customer, Source.GOODWILL, points=10, actor=cast.ada.user)
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        PointsEntry.objects.filter(pk=entry.pk).update(points=1000)
    with pytest.raises(TypeError):
        PointsEntry.objects.all().delete()


def test_a_reversal_undoes_an_entry_once_and_not_spent_points(cast: Cast) -> None:
    earned = points.earn_points(cast.customer, Source.REFERRAL, reference="r1")
    spent = points.redeem_points(cast.customer, 150, "order-1")
    with pytest.raises(points.NotEnoughPoints):
        points.reverse_entry(earned, cast.sam.user)
    points.reverse_entry(spent, cast.sam.user, "order cancelled")
    with pytest.raises(ValidationError, match="already reversed"):
        points.reverse_entry(spent, cast.sam.user)
    assert points.balance_of(cast.customer.pk) == 200


def test_expiry_takes_what_is_left_of_old_points_and_runs_once(cast: Cast) -> None:
    long_ago = timezone.now() - timedelta(days=400)
    points.earn_points(cast.customer, Source.REFERRAL, reference="old", now=long_ago)  # 200
    points.earn_points(cast.customer, Source.SURVEY, reference="new")  # 50, still valid
    points.redeem_points(cast.customer, 120, "order-1")  # spends the oldest first
    expired = points.expire_points(cast.customer)
    assert expired is not None
    assert expired.points == -80
    assert expired.kind == EntryKind.EXPIRE
    assert points.expire_points(cast.customer) is None
    assert points.balance_of(cast.customer.pk) == 50


def test_survey_answers_in_the_audit_trail_earn_points_once(cast: Cast) -> None:
    for _ in range(2):  # answered, then the answer changed
        record_event(
            "feedback.answered", subject_type="survey", subject_id=41, customer_id=cast.customer.pk
        )
    assert points.award_survey_points() == 1
    assert points.award_survey_points() == 0
    assert points.balance_of(cast.customer.pk) == 50


def test_a_merged_customers_points_count_for_the_survivor(cast: Cast) -> None:
    old = make_customer("Cyrus Old")
    points.earn_points(old, Source.REFERRAL, reference="r1")
    merge_customers(old, cast.customer, None)
    points.redeem_points(old, 50, "order-1")  # written to the survivor
    assert points.balance_of(cast.customer.pk) == 150


def test_the_api_shows_the_balance_and_the_entries(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    earned = api.post(
        f"/customers/{cast.customer.pk}/points",
        {"source": "purchase", "amount": "12.50", "currency": "EUR", "reference": "A7"},
    )
    assert earned.status_code == 201, earned.content
    assert earned.json()["amount"] == "12.5"
    assert earned.json()["points"] == 12
    refused = api.post(
        f"/customers/{cast.customer.pk}/points/redeem", {"points": 13, "reference": "o"}
    )
    assert refused.status_code == 409
    assert refused.json()["reason"] == "not_enough_points"
    assert (
        api.post(
            f"/customers/{cast.customer.pk}/points/redeem", {"points": 2, "reference": "o"}
        ).status_code
        == 200
    )
    shown = api.get(f"/customers/{cast.customer.pk}/points").json()
    assert shown["balance"] == 10
    assert [entry["kind"] for entry in shown["entries"]] == ["redeem", "earn"]


def test_the_customer_page_shows_the_balance_and_the_latest_entries(cast: Cast) -> None:
    from django.test import Client

    points.earn_points(cast.customer, Source.REFERRAL, reference="friend-7")
    browser = Client()
    browser.force_login(cast.alice.user)
    page = browser.get(f"/customers/{cast.customer.pk}/").content.decode()
    assert 'id="loyalty-customer-balance">200<' in page
    assert "friend-7" in page
