"""Points, coupon and raffle endpoints. Thin: parse, call one action, answer."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Status

from hamdel.loyalty import coupons, points, raffles
from hamdel.loyalty.models import Coupon, CouponBatch, Raffle
from hamdel.loyalty.schemas import (
    AuditOut,
    BatchIn,
    BatchOut,
    DrawIn,
    EarnIn,
    PointsEntryOut,
    PointsOut,
    RaffleIn,
    RaffleOut,
    RedeemCouponIn,
    RedeemPointsIn,
    RedemptionOut,
    RefusedOut,
)
from hamdel.people.models import Customer
from hamdel.people.permissions import caller, require_admin, require_supervisor

router = Router(tags=["loyalty"])


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


@router.get("/customers/{int:customer_id}/points", response=PointsOut)
def get_points(request: HttpRequest, customer_id: int) -> points.Ledger:
    caller(request)
    return points.ledger_of(get_object_or_404(Customer, pk=customer_id))


@router.post("/customers/{int:customer_id}/points", response={201: PointsEntryOut})
def earn_points(request: HttpRequest, customer_id: int, payload: EarnIn) -> Status[Any]:
    customer = get_object_or_404(Customer, pk=customer_id)
    entry = points.earn_points(
        customer,
        payload.source,
        points=payload.points,
        amount=payload.amount,
        currency=payload.currency,
        reference=payload.reference,
        actor=caller(request),
        note=payload.note,
    )
    return Status(201, entry)


@router.post(
    "/customers/{int:customer_id}/points/redeem", response={200: PointsEntryOut, 409: RefusedOut}
)
def redeem_points(request: HttpRequest, customer_id: int, payload: RedeemPointsIn) -> Status[Any]:
    customer = get_object_or_404(Customer, pk=customer_id)
    try:
        entry = points.redeem_points(customer, payload.points, payload.reference, caller(request))
    except points.NotEnoughPoints as refused:
        return Status(409, {"detail": refused.messages[0], "reason": "not_enough_points"})
    return Status(200, entry)


def _batch_out(batch: CouponBatch, codes: list[str]) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "name": batch.name,
        "kind": batch.kind,
        "percent": _money(batch.percent),
        "amount": _money(batch.amount),
        "currency": batch.currency,
        "expires_at": batch.expires_at,
        "max_uses": batch.max_uses,
        "max_uses_per_customer": batch.max_uses_per_customer,
        "customer_id": batch.customer_id,
        "tier": batch.tier,
        "codes": codes,
    }


@router.post("/coupons/batches", response={201: BatchOut})
def create_batch(request: HttpRequest, payload: BatchIn) -> Status[Any]:
    require_supervisor(request)
    customer = get_object_or_404(Customer, pk=payload.customer_id) if payload.customer_id else None
    fields = payload.dict(exclude={"customer_id"})
    batch, codes = coupons.create_batch(**fields, customer=customer, actor=caller(request))
    return Status(201, _batch_out(batch, codes))


@router.post(
    "/coupons/redeem",
    response={200: RedemptionOut, 404: RefusedOut, 409: RefusedOut, 410: RefusedOut},
)
def redeem_coupon(request: HttpRequest, payload: RedeemCouponIn) -> Status[Any]:
    caller(request)
    customer = get_object_or_404(Customer, pk=payload.customer_id)
    try:
        done = coupons.redeem_coupon(payload.code, customer, payload.order_reference)
    except coupons.CouponRefused as refused:
        return Status(refused.status, {"detail": refused.message, "reason": refused.reason})
    coupon: Coupon = done.redemption.coupon
    batch = coupon.batch
    return Status(
        200,
        {
            "code": coupon.code,
            "customer_id": done.redemption.customer_id,
            "order_reference": done.redemption.order_reference,
            "redeemed_at": done.redemption.created_at,
            "kind": batch.kind,
            "percent": _money(batch.percent),
            "amount": _money(batch.amount),
            "currency": batch.currency,
            "repeated": done.repeated,
        },
    )


def _raffle_out(raffle: Raffle) -> dict[str, Any]:
    return {
        "id": raffle.pk,
        "name": raffle.name,
        "state": raffle.state,
        "winners": raffle.winners,
        "eligibility": raffle.eligibility,
        "commitment": raffle.commitment,
        "digest": raffle.digest,
        "entries": raffle.entries.count(),
        "public_url": reverse("raffle-public", args=[raffle.pk]),
    }


@router.post("/raffles", response={201: RaffleOut})
def open_raffle(request: HttpRequest, payload: RaffleIn) -> Status[Any]:
    require_admin(request)
    raffle = raffles.open_raffle(
        payload.name, payload.winners, payload.eligibility, caller(request)
    )
    return Status(201, _raffle_out(raffle))


@router.post("/raffles/{int:raffle_id}/close", response=RaffleOut)
def close_raffle(request: HttpRequest, raffle_id: int) -> dict[str, Any]:
    require_admin(request)
    raffle = get_object_or_404(Raffle, pk=raffle_id)
    return _raffle_out(raffles.close_raffle(raffle, caller(request)))


@router.post("/raffles/{int:raffle_id}/draw", response=RaffleOut)
def draw_raffle(
    request: HttpRequest, raffle_id: int, payload: DrawIn | None = None
) -> dict[str, Any]:
    require_admin(request)
    raffle = get_object_or_404(Raffle, pk=raffle_id)
    public_value = payload.public_value if payload is not None else ""
    return _raffle_out(raffles.draw_raffle(raffle, caller(request), public_value))


@router.get("/raffles/{int:raffle_id}/audit", response=AuditOut)
def raffle_audit(request: HttpRequest, raffle_id: int) -> dict[str, Any]:
    caller(request)
    return raffles.audit_of(get_object_or_404(Raffle, pk=raffle_id))
