"""Shapes of the compensation API. Amounts are strings ("12.50"), never floats."""

from datetime import datetime

from django.utils import translation
from ninja import Schema
from pydantic import Field

from hamdel.compensation import limits, money, queries
from hamdel.compensation.models import Charge, Compensation, Entry, Limit


class CompensationIn(Schema):
    kind: str = Field(
        description="full_refund, partial_refund, store_credit, coupon, free_service or replacement"
    )
    # A number is accepted by the schema only to be refused with a clear message.
    amount: str | int | float = Field(description='a string such as "12.50"; never a number')
    currency: str = Field(description="IRR, TRY, RUB, USD, EUR or GBP")
    reason: str = Field(
        description="overcharge, double_charge, damaged, late, wrong_item, goodwill or other"
    )
    reference: str | None = Field(None, max_length=100, description="the order or transaction")


class GrantDecisionIn(Schema):
    comment: str = Field("", max_length=2000, description="required to reject")


class PaidIn(Schema):
    reference: str = Field(min_length=1, max_length=100, description="the gateway's reference")
    amount: str | None = Field(None, description="if given, must equal the request's amount")
    currency: str | None = None


class ReverseIn(Schema):
    comment: str = Field(min_length=1, max_length=2000)
    reference: str = Field("", max_length=100)


class LedgerEntryOut(Schema):
    id: int
    kind: str
    amount: str
    currency: str
    actor_id: int | None
    actor: str | None = Field(description="the username; null for the payment gateway")
    at: datetime
    comment: str
    gateway_reference: str
    promise_id: int | None

    @staticmethod
    def resolve_amount(entry: Entry) -> str:
        return money.as_text(entry.amount, entry.currency)

    @staticmethod
    def resolve_actor(entry: Entry) -> str | None:
        return entry.actor.username if entry.actor else None


class CompensationOut(Schema):
    id: int
    state: str
    approver_role: str | None = Field(description="null when the requester's limit covered it")
    why: str
    conversation_id: int
    customer_id: int
    kind: str
    amount: str
    currency: str
    reason: str
    reference: str
    fast_track: bool
    requested_by_id: int
    requested_at: datetime
    paid: str = Field(description="paid out, less reversals: a sum of the ledger")
    outstanding: str = Field(description="approved and not yet paid")
    entries: list[LedgerEntryOut]

    @staticmethod
    def resolve_state(compensation: Compensation) -> str:
        return str(queries.state(compensation))

    @staticmethod
    def resolve_approver_role(compensation: Compensation) -> str | None:
        return compensation.approver_role or None

    @staticmethod
    def resolve_why(compensation: Compensation) -> str:
        return limits.why_text(compensation, translation.get_language() or "en")

    @staticmethod
    def resolve_amount(compensation: Compensation) -> str:
        return money.as_text(compensation.amount, compensation.currency)

    @staticmethod
    def resolve_paid(compensation: Compensation) -> str:
        return money.as_text(queries.balances(compensation).paid, compensation.currency)

    @staticmethod
    def resolve_outstanding(compensation: Compensation) -> str:
        return money.as_text(queries.balances(compensation).outstanding, compensation.currency)

    @staticmethod
    def resolve_entries(compensation: Compensation) -> list[Entry]:
        return list(compensation.entries.all())


class PaidOut(CompensationOut):
    replayed: bool = Field(description="true when this payment was already recorded")


class LimitIn(Schema):
    role: str = Field(description="agent, supervisor or admin")
    currency: str
    per_case: str = Field(description='granted without approval per case, "50.00"')
    per_month: str = Field(description="granted without approval per calendar month")


class LimitOut(Schema):
    role: str
    currency: str
    per_case: str
    per_month: str

    @staticmethod
    def resolve_per_case(limit: Limit) -> str:
        return money.as_text(limit.per_case, limit.currency)

    @staticmethod
    def resolve_per_month(limit: Limit) -> str:
        return money.as_text(limit.per_month, limit.currency)


class ChargeIn(Schema):
    reference: str = Field(min_length=1, max_length=100)
    customer_id: int
    amount: str
    currency: str
    charged_at: datetime | None = None


class ChargeOut(Schema):
    id: int
    reference: str
    customer_id: int
    amount: str
    currency: str
    charged_at: datetime

    @staticmethod
    def resolve_amount(charge: Charge) -> str:
        return money.as_text(charge.amount, charge.currency)
