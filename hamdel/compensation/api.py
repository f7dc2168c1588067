"""Compensation endpoints. Thin: parse, call one query or action, return."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from hamdel.compensation import actions, gateway, queries
from hamdel.compensation.models import Charge, Compensation, Limit
from hamdel.compensation.schemas import (
    ChargeIn,
    ChargeOut,
    CompensationIn,
    CompensationOut,
    GrantDecisionIn,
    LimitIn,
    LimitOut,
    PaidIn,
    PaidOut,
    ReverseIn,
)
from hamdel.people.models import Customer
from hamdel.people.permissions import caller, my_agent, require_admin
from hamdel.tickets.queries import conversation_for

router = Router(tags=["compensation"])


@router.post("/conversations/{int:conversation_id}/compensations", response={201: CompensationOut})
def request_compensation(
    request: HttpRequest, conversation_id: int, payload: CompensationIn
) -> Status[Compensation]:
    conversation = conversation_for(caller(request), conversation_id)
    draft = actions.Draft(
        kind=payload.kind,
        amount=payload.amount,
        currency=payload.currency,
        reason=payload.reason,
        reference=payload.reference or "",
    )
    made = actions.request_compensation(conversation, draft, caller(request))
    return Status(201, queries.compensation_for(caller(request), made.pk))


@router.get("/conversations/{int:conversation_id}/compensations", response=list[CompensationOut])
def list_of_conversation(request: HttpRequest, conversation_id: int) -> list[Compensation]:
    conversation = conversation_for(caller(request), conversation_id)
    return queries.compensations_of_conversation(conversation)


@router.get("/compensations/pending", response=list[CompensationOut])
def pending(request: HttpRequest) -> list[Compensation]:
    """The requests waiting for a decision the caller may take (fast-tracked first)."""
    return queries.pending_for(caller(request))


@router.get("/compensations/{int:compensation_id}", response=CompensationOut)
def get_compensation(request: HttpRequest, compensation_id: int) -> Compensation:
    return queries.compensation_for(caller(request), compensation_id)


@router.post("/compensations/{int:compensation_id}/approve", response=CompensationOut)
def approve(request: HttpRequest, compensation_id: int, payload: GrantDecisionIn) -> Compensation:
    found = queries.compensation_for(caller(request), compensation_id)
    actions.approve_compensation(found, caller(request), payload.comment)
    return queries.compensation_for(caller(request), compensation_id)


@router.post("/compensations/{int:compensation_id}/reject", response=CompensationOut)
def reject(request: HttpRequest, compensation_id: int, payload: GrantDecisionIn) -> Compensation:
    found = queries.compensation_for(caller(request), compensation_id)
    actions.reject_compensation(found, caller(request), payload.comment)
    return queries.compensation_for(caller(request), compensation_id)


@router.post("/compensations/{int:compensation_id}/paid", response=PaidOut)
def paid(request: HttpRequest, compensation_id: int, payload: PaidIn) -> Compensation:
    """Record the payment (administrators' tokens: the payment integration); idempotent."""
    require_admin(request)
    found = queries.compensation_for(caller(request), compensation_id)
    result = actions.mark_paid(
        found,
        caller(request),
        payload.reference,
        amount=payload.amount,
        currency=payload.currency or "",
    )
    return _paid_out(request, result)


@router.post("/compensations/{int:compensation_id}/reverse", response=PaidOut)
def reverse(request: HttpRequest, compensation_id: int, payload: ReverseIn) -> Compensation:
    require_admin(request)
    found = queries.compensation_for(caller(request), compensation_id)
    result = actions.reverse_compensation(
        found, caller(request), payload.comment, gateway_reference=payload.reference
    )
    return _paid_out(request, result)


def _paid_out(request: HttpRequest, result: actions.Paid) -> Compensation:
    fresh = queries.compensation_for(caller(request), result.compensation.pk)
    fresh.replayed = not result.changed  # type: ignore[attr-defined]  # read by PaidOut
    return fresh


@router.post("/compensation/gateway", response=PaidOut, auth=None)
def gateway_webhook(request: HttpRequest) -> Compensation:
    """The payment gateway's signed event (refund.paid or refund.reversed); see gateway.py."""
    event = gateway.verify(request.body, request.headers.get(gateway.HEADER, ""))
    found = get_object_or_404(Compensation, pk=event.compensation_id)
    if event.event == gateway.PAID_EVENT:
        result = actions.mark_paid(
            found, None, event.reference, amount=event.amount, currency=event.currency
        )
    else:
        result = actions.reverse_compensation(
            found,
            None,
            event.reason or "reversed by the gateway",
            gateway_reference=event.reference,
        )
    fresh = queries.compensation_for_gateway(result.compensation.pk)
    fresh.replayed = not result.changed  # type: ignore[attr-defined]  # read by PaidOut
    return fresh


@router.get("/compensation/limits", response=list[LimitOut])
def get_limits(request: HttpRequest) -> list[Limit]:
    my_agent(request)
    return queries.all_limits()


@router.put("/compensation/limits", response=list[LimitOut])
def put_limits(request: HttpRequest, payload: list[LimitIn]) -> list[Limit]:
    require_admin(request)
    rows = [
        actions.LimitRow(row.role, row.currency, row.per_case, row.per_month) for row in payload
    ]
    actions.set_limits(rows, caller(request))
    return queries.all_limits()


@router.post("/compensation/charges", response={201: ChargeOut})
def record_charge(request: HttpRequest, payload: ChargeIn) -> Status[Charge]:
    """A charge the shop reports (administrators' tokens), checked against refunds."""
    require_admin(request)
    customer = get_object_or_404(Customer, pk=payload.customer_id)
    charge = actions.record_charge(
        reference=payload.reference,
        customer=customer,
        amount=payload.amount,
        currency=payload.currency,
        charged_at=payload.charged_at,
        actor=caller(request),
    )
    return Status(201, charge)
