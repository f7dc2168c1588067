"""Shapes of the loyalty API. Money is a Decimal, written as a string ("12.50")."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field, field_serializer


class PointsEntryOut(Schema):
    id: int
    kind: str = Field(description="earn, redeem, expire or reverse")
    source: str = Field(
        description="purchase, survey, referral, goodwill, redemption, expiry, reversal"
    )
    points: int = Field(description="positive earns, negative spends")
    reference: str
    amount: Decimal | None
    currency: str
    expires_at: datetime | None
    reverses_id: int | None
    conversation_id: int | None
    created_at: datetime

    @field_serializer("amount")
    def _amount(self, amount: Decimal | None) -> str | None:
        return None if amount is None else f"{amount.normalize():f}"


class PointsOut(Schema):
    balance: int
    entries: list[PointsEntryOut]


class EarnIn(Schema):
    source: str = Field(description="purchase, survey, referral or goodwill")
    points: int | None = Field(None, ge=1, description="goodwill only: within the caller's limit")
    amount: Decimal | None = Field(None, description='purchase only: "12.50"')
    currency: str = Field("", max_length=3, description="purchase only: ISO 4217")
    reference: str = Field(
        "", max_length=200, description="order id, survey answer, referred customer"
    )
    note: str = Field("", max_length=500)


class RedeemPointsIn(Schema):
    points: int = Field(ge=1)
    reference: str = Field(min_length=1, max_length=200, description="the order the points pay")


class BatchIn(Schema):
    name: str = Field(max_length=200)
    kind: str = Field(description="percent or fixed")
    count: int = Field(1, ge=1, le=10000)
    percent: Decimal | None = Field(None, description='percent only: "10"')
    amount: Decimal | None = Field(None, description='fixed only: "5.00"')
    currency: str = Field("", max_length=3, description="fixed only: ISO 4217")
    expires_at: datetime | None = None
    max_uses: int = Field(1, ge=1, description="uses of each code in total")
    max_uses_per_customer: int = Field(1, ge=1, description="uses of the batch per customer")
    customer_id: int | None = Field(None, description="for this customer only")
    tier: str = Field("", description="for customers of this tier only (a segment)")
    for_new_customers: bool = False
    existing_customers_too: bool = True
    why_not_existing: str = Field("", max_length=500)


class BatchOut(Schema):
    id: int
    name: str
    kind: str
    percent: str | None
    amount: str | None
    currency: str
    expires_at: datetime | None
    max_uses: int
    max_uses_per_customer: int
    customer_id: int | None
    tier: str
    codes: list[str]


class RedeemCouponIn(Schema):
    code: str = Field(max_length=40)
    customer_id: int
    order_reference: str = Field(min_length=1, max_length=200)


class RedemptionOut(Schema):
    code: str
    customer_id: int
    order_reference: str
    redeemed_at: datetime
    kind: str
    percent: str | None
    amount: str | None
    currency: str
    repeated: bool = Field(description="the same code and order again: nothing new written")


class RefusedOut(Schema):
    detail: str
    reason: str = Field(
        description="unknown, expired, used_up, customer_limit, not_for_customer, ..."
    )


class RaffleIn(Schema):
    name: str = Field(max_length=200)
    winners: int = Field(ge=1, le=1000)
    eligibility: dict[str, Any] = Field(
        description='{"rule": "all_customers"}, {"rule": "tier", "tier": "platinum"} or '
        '{"rule": "answered_survey_this_month"}'
    )


class DrawIn(Schema):
    public_value: str = Field("", max_length=200)


class RaffleOut(Schema):
    id: int
    name: str
    state: str
    winners: int = Field(description="how many winners are drawn")
    eligibility: dict[str, Any]
    commitment: str
    digest: str
    entries: int
    public_url: str


class AuditOut(Schema):
    id: int
    name: str
    state: str
    winners_count: int
    eligibility: dict[str, Any]
    commitment: str
    entries: list[str]
    digest: str | None
    public_value: str | None
    seed: str | None
    winners: list[str]
    opened_at: str
    closed_at: str | None
    drawn_at: str | None
