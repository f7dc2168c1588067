"""Value endpoints: orders in, a customer's value, the last fits. Thin: parse, act, return."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from hamdel.people.models import Customer
from hamdel.people.permissions import caller, require_supervisor
from hamdel.value import actions, queries
from hamdel.value.models import Source
from hamdel.value.schemas import ConflictOut, FitsOut, TransactionIn, TransactionOut, ValueOut

router = Router(tags=["value"])


@router.post("/transactions", response={200: TransactionOut, 201: TransactionOut, 409: ConflictOut})
def record_transaction(request: HttpRequest, payload: TransactionIn) -> Status[Any]:
    """Idempotent on `order_id`: the same order again answers 200 with the stored one; with
    another date, amount or customer, 409."""
    require_supervisor(request)
    purchase = actions.Purchase(
        order_id=payload.order_id.strip(),
        day=payload.date,
        amount=payload.amount,
        currency=payload.currency.upper(),
        customer_id=payload.customer.id,
        email=payload.customer.email,
        phone=payload.customer.phone,
        name=payload.customer.name,
    )
    try:
        row, created = actions.record_purchase(purchase, caller(request), Source.API)
    except actions.Conflict as error:
        return Status(409, {"detail": str(error)})
    return Status(201 if created else 200, row)


@router.get("/customers/{int:customer_id}/value", response=ValueOut)
def customer_value(request: HttpRequest, customer_id: int) -> dict[str, Any]:
    customer = get_object_or_404(Customer, pk=customer_id)
    found = queries.value_of(customer)
    shown: dict[str, Any] = {
        "customer_id": customer.pk,
        "tier": customer.tier,
        "tier_manual": customer.tier_manual,
        "tier_reason": customer.tier_reason,
    }
    if found is not None:
        shown |= {
            "lifetime_value": found.lifetime_value,
            "currency": found.currency,
            "expected_purchases": found.expected_purchases,
            "probability_alive": found.probability_alive,
            "horizon_weeks": found.fit.horizon_weeks,
            "rank": found.rank,
            "fitted_at": found.fit.finished_at,
        }
    return shown


@router.get("/value/fits", response=FitsOut)
def fits(request: HttpRequest) -> dict[str, Any]:
    require_supervisor(request)
    return {"last": queries.last_fit(), "last_good": queries.last_good_fit()}
