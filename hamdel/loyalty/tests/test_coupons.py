"""Coupon codes, batches, redemption (200, 404, 409, 410, idempotent) and an agent's gift."""

import math
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hamdel.audit.models import Event
from hamdel.loyalty import coupons, points
from hamdel.loyalty.models import Source
from hamdel.people.models import Tier
from hamdel.test import ApiClient, Cast, make_conversation, make_customer


def test_codes_are_readable_aloud_and_carry_at_least_50_bits() -> None:
    assert not set("0O1Il") & set(coupons.ALPHABET)
    bits = coupons.GROUPS * coupons.GROUP_LENGTH * math.log2(len(coupons.ALPHABET))
    assert bits >= 50
    codes = {coupons.new_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(
        re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code)
        for code in codes
    )
    assert coupons.normalise_code("abcd efgh-jkmn") == "ABCD-EFGH-JKMN"


def test_a_batch_by_the_api_answers_its_codes(cast: Cast) -> None:
    made = ApiClient(cast.sam.user).post(
        "/coupons/batches",
        {
            "name": "Nowruz",
            "kind": "fixed",
            "amount": "5.00",
            "currency": "EUR",
            "count": 20,
            "tier": "gold",
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert len(set(body["codes"])) == 20
    assert body["amount"] == "5"
    assert body["tier"] == "gold"
    assert (
        ApiClient(cast.alice.user)
        .post("/coupons/batches", {"name": "x", "kind": "percent", "percent": "5"})
        .status_code
        == 403
    )


def test_redemption_answers_200_then_409_and_is_idempotent_on_the_order(cast: Cast) -> None:
    _batch, codes = coupons.create_batch(name="One", kind="percent", percent=Decimal(10), count=1)
    api, other = ApiClient(cast.alice.user), make_customer("Parisa")
    body = {
        "code": codes[0].lower().replace("-", " "),
        "customer_id": cast.customer.pk,
        "order_reference": "A1",
    }
    first = api.post("/coupons/redeem", body)
    assert first.status_code == 200
    assert first.json()["repeated"] is False
    assert first.json()["percent"] == "10"
    again = api.post("/coupons/redeem", body)
    assert again.status_code == 200
    assert again.json()["repeated"] is True
    used = api.post("/coupons/redeem", {**body, "customer_id": other.pk, "order_reference": "B1"})
    assert used.status_code == 409
    assert used.json()["reason"] == "used_up"
    unknown = api.post("/coupons/redeem", {**body, "code": "2222-2222-2222"})
    assert unknown.status_code == 404


def test_the_idempotency_key_replays_a_redemption(cast: Cast) -> None:
    _batch, codes = coupons.create_batch(
        name="Two", kind="percent", percent=Decimal(5), count=1, max_uses=2
    )
    api = ApiClient(cast.alice.user)
    body = {"code": codes[0], "customer_id": cast.customer.pk, "order_reference": "A1"}
    first = api.post("/coupons/redeem", body, headers={"Idempotency-Key": "k1"})
    replay = api.post("/coupons/redeem", body, headers={"Idempotency-Key": "k1"})
    assert replay.status_code == 200
    assert replay.content == first.content


def test_an_expired_coupon_answers_410(cast: Cast) -> None:
    _batch, codes = coupons.create_batch(
        name="Old",
        kind="percent",
        percent=Decimal(5),
        count=1,
        expires_at=timezone.now() - timedelta(days=1),
    )
    answer = ApiClient(cast.alice.user).post(
        "/coupons/redeem",
        {"code": codes[0], "customer_id": cast.customer.pk, "order_reference": "A1"},
    )
    assert answer.status_code == 410
    assert answer.json()["reason"] == "expired"


def test_a_coupon_keeps_to_its_customer_its_tier_and_its_per_customer_limit(cast: Cast) -> None:
    _b, mine = coupons.create_batch(
        name="Mine", kind="percent", percent=Decimal(5), count=1, customer=cast.customer
    )
    with pytest.raises(coupons.CouponRefused) as refused:
        coupons.redeem_coupon(mine[0], make_customer("Someone"), "X")
    assert refused.value.reason == "not_for_customer"
    _b, gold = coupons.create_batch(
        name="Gold", kind="percent", percent=Decimal(5), count=1, tier=Tier.GOLD
    )
    with pytest.raises(coupons.CouponRefused) as refused:
        coupons.redeem_coupon(gold[0], cast.customer, "X")
    assert refused.value.reason == "not_for_tier"
    _b, many = coupons.create_batch(
        name="Many", kind="percent", percent=Decimal(5), count=2, max_uses=5
    )
    coupons.redeem_coupon(many[0], cast.customer, "A")
    with pytest.raises(coupons.CouponRefused) as refused:
        coupons.redeem_coupon(many[1], cast.customer, "B")
    assert refused.value.reason == "customer_limit"


def test_a_new_customer_offer_reaches_existing_customers_unless_the_admin_says_why(
    cast: Cast,
) -> None:
    with pytest.raises(ValidationError, match="say why"):
        coupons.create_batch(
            name="Welcome",
            kind="percent",
            percent=Decimal(10),
            count=1,
            for_new_customers=True,
            existing_customers_too=False,
        )
    _b, welcome = coupons.create_batch(
        name="Welcome",
        kind="percent",
        percent=Decimal(10),
        count=2,
        for_new_customers=True,
        max_uses_per_customer=5,
    )
    points.earn_points(
        cast.customer, Source.PURCHASE, amount=Decimal(10), currency="EUR", reference="A"
    )
    coupons.redeem_coupon(welcome[0], cast.customer, "B")  # an existing customer gets it too
    _b, first_only = coupons.create_batch(
        name="First order",
        kind="percent",
        percent=Decimal(10),
        count=1,
        for_new_customers=True,
        existing_customers_too=False,
        why_not_existing="it pays the first delivery",
    )
    with pytest.raises(coupons.CouponRefused, match="first delivery"):
        coupons.redeem_coupon(first_only[0], cast.customer, "C")


def test_an_agent_gives_a_coupon_within_their_limit(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    with pytest.raises(ValidationError, match="at most 10% off"):
        coupons.give_coupon(conversation, cast.alice.user, kind="percent", value=Decimal(15))
    with pytest.raises(ValidationError, match="EUR only"):
        coupons.give_coupon(
            conversation, cast.alice.user, kind="fixed", value=Decimal(5), currency="USD"
        )
    coupon = coupons.give_coupon(conversation, cast.alice.user, kind="percent", value=Decimal(10))
    assert coupon.batch.customer_id == cast.customer.pk
    assert coupon.batch.max_uses == 1
    assert coupons.give_coupon(conversation, cast.sam.user, kind="percent", value=Decimal(25))
    given = Event.objects.get(verb="coupon.given", subject_id=coupon.pk)
    assert given.conversation_id == conversation.pk
    assert given.actor == cast.alice.user
    coupons.redeem_coupon(coupon.code, cast.customer, "A1")
    with pytest.raises(coupons.CouponRefused):
        coupons.redeem_coupon(coupon.code, cast.customer, "A2")
