"""Shapes of the value API."""

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field


class OrderCustomerRef(Schema):
    id: int | None = Field(None, description="a Hamdel customer id")
    email: str = Field("", max_length=254, description="else found or created by email")
    phone: str = Field("", max_length=40, description="or by phone")
    name: str = Field("", max_length=200, description="a new customer's name")


class TransactionIn(Schema):
    order_id: str = Field(min_length=1, max_length=100, description="unique; sent again: 200")
    date: dt.date
    amount: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217, e.g. EUR")
    customer: OrderCustomerRef


class TransactionOut(Schema):
    id: int
    order_id: str
    customer_id: int
    date: dt.date = Field(alias="day")
    amount: Decimal
    currency: str
    source: str


class ConflictOut(Schema):
    detail: str


class ValueOut(Schema):
    customer_id: int
    tier: str
    tier_manual: bool
    tier_reason: str
    lifetime_value: Decimal | None = None
    currency: str = ""
    expected_purchases: float | None = None
    probability_alive: float | None = None
    horizon_weeks: int | None = None
    rank: int | None = None
    fitted_at: dt.datetime | None = None


class FitOut(Schema):
    id: int
    state: str
    reason: str
    finished_at: dt.datetime
    customers: int
    transactions: int
    currency: str
    r: float | None
    alpha: float | None
    a: float | None
    b: float | None
    log_likelihood: float | None
    p: float | None
    q: float | None
    v: float | None


class FitsOut(Schema):
    last: FitOut | None
    last_good: FitOut | None
