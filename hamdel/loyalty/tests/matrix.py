"""The loyalty app's entries of the authorization matrix (hamdel/security/tests).

Raffle paths are formatted with a raffle made when the matrix formats them (open, closed
or drawn, as the route needs), inside the case's own savepoint; bodies that need points
or a coupon make them first, before the matrix takes its snapshot of the state.
"""

from decimal import Decimal
from typing import Any

from hamdel.loyalty import coupons, points, raffles
from hamdel.loyalty.models import Coupon, CouponBatch, Raffle, RaffleState, Source

UI_ANY = ("login", 200, 200, 200, 200)
UI_TEAM_WRITE = ("login", 404, "redirect", "redirect", "redirect")
UI_ADMIN = ("login", 403, 403, 403, 200)
UI_ADMIN_WRITE = ("login", 403, 403, 403, "redirect")
API_ANY = (401, 200, 200, 200, 200)
API_ANY_CREATE = (401, 201, 201, 201, 201)
API_SUPERVISOR_CREATE = (401, 403, 403, 201, 201)
API_ADMIN = (401, 403, 403, 403, 200)
API_ADMIN_CREATE = (401, 403, 403, 403, 201)
PUBLIC = (200, 200, 200, 200, 200)


class WithRaffle(str):
    """A path whose `{raffle}` is a raffle made when the matrix formats it."""

    state: str

    def __new__(cls, path: str, state: str) -> "WithRaffle":
        made = super().__new__(cls, path)
        made.state = state
        return made

    def format(self, *args: Any, **ids: Any) -> str:
        raffle = raffles.open_raffle("Matrix raffle", 1, {"rule": "all_customers"}, None)
        if self.state != RaffleState.OPEN:
            raffle = raffles.close_raffle(raffle, None)
        if self.state == RaffleState.DRAWN:
            raffle = raffles.draw_raffle(raffle, None)
        return str.format(self, raffle=raffle.pk, **ids)


def _with_points(w: Any) -> dict[str, Any]:
    points.earn_points(w.cast.customer, Source.REFERRAL, reference="matrix")
    return {"points": 5, "reference": "matrix-order"}


def _with_coupon(w: Any) -> dict[str, Any]:
    _batch, codes = coupons.create_batch(
        name="Matrix", kind="percent", count=1, percent=Decimal(10)
    )
    return {"code": codes[0], "customer_id": w.cast.customer.pk, "order_reference": "matrix-1"}


def _given(w: Any) -> bool:
    return Coupon.objects.filter(batch__conversation_id=w.conversation.pk).exists()


def _goodwill(w: Any) -> bool:
    return points.balance_of(w.cast.customer.pk) == 10


def _extra_mile(w: Any) -> bool:
    from hamdel.audit.models import Event

    return Event.objects.filter(
        verb="loyalty.extra_mile", conversation_id=w.conversation.pk
    ).exists()


def _raffle_state(state: str) -> Any:
    return lambda w: Raffle.objects.filter(name="Matrix raffle", state=state).exists()


def _opened(w: Any) -> bool:
    return Raffle.objects.filter(name="Opened here").exists()


MATRIX: dict[str, list[dict[str, Any]]] = {
    "/loyalty/ [loyalty]": [{"method": "GET", "path": "/loyalty/", "expect": UI_ANY}],
    "/loyalty/thanks/ [loyalty-thanks]": [
        {"method": "GET", "path": "/loyalty/thanks/", "expect": UI_ADMIN},
        {
            "method": "POST",
            "path": "/loyalty/thanks/",
            "expect": UI_ADMIN_WRITE,
            "body": lambda w: {"solved-en": "Thanks, {name}!"},
            "label": "save",
        },
    ],
    "/loyalty/conversations/<int:pk>/coupon [loyalty-give-coupon]": [
        {
            "method": "POST",
            "path": "/loyalty/conversations/{conversation}/coupon",
            "expect": UI_TEAM_WRITE,
            "body": lambda w: {"kind": "percent", "value": "5"},
            "changed": _given,
        }
    ],
    "/loyalty/conversations/<int:pk>/points [loyalty-give-points]": [
        {
            "method": "POST",
            "path": "/loyalty/conversations/{conversation}/points",
            "expect": UI_TEAM_WRITE,
            "body": lambda w: {"points": "10"},
            "changed": _goodwill,
        }
    ],
    "/loyalty/conversations/<int:pk>/extra-mile [loyalty-extra-mile]": [
        {
            "method": "POST",
            "path": "/loyalty/conversations/{conversation}/extra-mile",
            "expect": UI_TEAM_WRITE,
            "body": lambda w: {"kind": "free_repair", "note": "Replaced the fan"},
            "changed": _extra_mile,
        }
    ],
    "/loyalty/raffles/new [loyalty-raffle-open]": [
        {
            "method": "POST",
            "path": "/loyalty/raffles/new",
            "expect": UI_ADMIN_WRITE,
            "body": lambda w: {"name": "Opened here", "winners": "1", "rule": "all_customers"},
            "changed": _opened,
        }
    ],
    "/loyalty/raffles/<int:raffle_id>/close [loyalty-raffle-close]": [
        {
            "method": "POST",
            "path": WithRaffle("/loyalty/raffles/{raffle}/close", RaffleState.OPEN),
            "expect": UI_ADMIN_WRITE,
            "changed": _raffle_state(RaffleState.CLOSED),
        }
    ],
    "/loyalty/raffles/<int:raffle_id>/draw [loyalty-raffle-draw]": [
        {
            "method": "POST",
            "path": WithRaffle("/loyalty/raffles/{raffle}/draw", RaffleState.CLOSED),
            "expect": UI_ADMIN_WRITE,
            "body": lambda w: {"public_value": "42"},
            "changed": _raffle_state(RaffleState.DRAWN),
        }
    ],
    "/raffles/<int:raffle_id>/ [raffle-public]": [
        {
            "method": "GET",
            "path": WithRaffle("/raffles/{raffle}/", RaffleState.DRAWN),
            "expect": PUBLIC,
        }
    ],
    "GET /api/v1/customers/{customer_id}/points": [
        {
            "method": "GET",
            "path": "/api/v1/customers/{customer}/points",
            "api": True,
            "expect": API_ANY,
        }
    ],
    "POST /api/v1/customers/{customer_id}/points": [
        {
            "method": "POST",
            "path": "/api/v1/customers/{customer}/points",
            "api": True,
            "expect": API_ANY_CREATE,
            "body": lambda w: {"source": "goodwill", "points": 10},
            "changed": _goodwill,
        }
    ],
    "POST /api/v1/customers/{customer_id}/points/redeem": [
        {
            "method": "POST",
            "path": "/api/v1/customers/{customer}/points/redeem",
            "api": True,
            "expect": API_ANY,
            "body": _with_points,
        }
    ],
    "POST /api/v1/coupons/batches": [
        {
            "method": "POST",
            "path": "/api/v1/coupons/batches",
            "api": True,
            "expect": API_SUPERVISOR_CREATE,
            "body": lambda w: {
                "name": "Nowruz",
                "kind": "fixed",
                "amount": "5.00",
                "currency": "EUR",
                "count": 3,
            },
            "changed": lambda w: CouponBatch.objects.filter(name="Nowruz").exists(),
        }
    ],
    "POST /api/v1/coupons/redeem": [
        {
            "method": "POST",
            "path": "/api/v1/coupons/redeem",
            "api": True,
            "expect": API_ANY,
            "body": _with_coupon,
        }
    ],
    "POST /api/v1/raffles": [
        {
            "method": "POST",
            "path": "/api/v1/raffles",
            "api": True,
            "expect": API_ADMIN_CREATE,
            "body": lambda w: {
                "name": "Opened here",
                "winners": 2,
                "eligibility": {"rule": "all_customers"},
            },
            "changed": _opened,
        }
    ],
    "POST /api/v1/raffles/{raffle_id}/close": [
        {
            "method": "POST",
            "path": WithRaffle("/api/v1/raffles/{raffle}/close", RaffleState.OPEN),
            "api": True,
            "expect": API_ADMIN,
            "changed": _raffle_state(RaffleState.CLOSED),
        }
    ],
    "POST /api/v1/raffles/{raffle_id}/draw": [
        {
            "method": "POST",
            "path": WithRaffle("/api/v1/raffles/{raffle}/draw", RaffleState.CLOSED),
            "api": True,
            "expect": API_ADMIN,
            "body": lambda w: {"public_value": "7 12 19"},
            "changed": _raffle_state(RaffleState.DRAWN),
        }
    ],
    "GET /api/v1/raffles/{raffle_id}/audit": [
        {
            "method": "GET",
            "path": WithRaffle("/api/v1/raffles/{raffle}/audit", RaffleState.DRAWN),
            "api": True,
            "expect": API_ANY,
        }
    ],
}

ANONYMOUS_ALLOWED = {"/raffles/<int:raffle_id>/ [raffle-public]"}
