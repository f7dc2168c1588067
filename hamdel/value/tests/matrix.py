"""The value app's entries of the authorization matrix (hamdel/security/tests).

Everything here is for supervisors and administrators, except a customer's value, which
every agent reads (it is on the customer page). `Made` paths create their import when
the matrix formats them, inside the case's own savepoint.
"""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hamdel.value.models import TransactionImport

API_ANY = (401, 200, 200, 200, 200)
API_SUPERVISOR = (401, 403, 403, 200, 200)
API_SUPERVISOR_CREATE = (401, 403, 403, 201, 201)
UI_SUPERVISOR = ("login", 403, 403, 200, 200)
UI_SUPERVISOR_WRITE = ("login", 403, 403, "redirect", "redirect")


class Made(str):
    """A path whose `{id}` is a transaction import made when the matrix formats it."""

    def format(self, *args: Any, **ids: Any) -> str:
        batch = TransactionImport.objects.create(
            file_name="orders.csv", content="order_id,date,amount,currency,email\n"
        )
        return str.format(self, id=batch.pk, **ids)


def _ui(method: str, path: str, expect: tuple[Any, ...], body: Any = None) -> dict[str, Any]:
    return {"method": method, "path": path, "expect": expect, "body": body}


def _api(method: str, path: str, expect: tuple[Any, ...], body: Any = None) -> dict[str, Any]:
    return {"method": method, "path": path, "expect": expect, "body": body, "api": True}


def _csv(w: Any) -> dict[str, Any]:
    day = timezone.localdate().isoformat()
    text = f"order_id,date,amount,currency,customer_id\nM-1,{day},10,EUR,{w.cast.customer.pk}\n"
    return {"file": SimpleUploadedFile("orders.csv", text.encode(), content_type="text/csv")}


def _order(w: Any) -> dict[str, Any]:
    return {
        "order_id": "M-2",
        "date": timezone.localdate().isoformat(),
        "amount": "12.00",
        "currency": "EUR",
        "customer": {"id": w.cast.customer.pk},
    }


CUTOFFS = {"basis": "share", "platinum": "5", "gold": "15", "silver": "30", "horizon_weeks": "52"}

MATRIX: dict[str, list[dict[str, Any]]] = {
    "/value/ [value]": [_ui("GET", "/value/", UI_SUPERVISOR)],
    "/value/fit [value-fit]": [_ui("POST", "/value/fit", UI_SUPERVISOR_WRITE)],
    "/value/cutoffs [value-cutoffs]": [
        _ui("POST", "/value/cutoffs", UI_SUPERVISOR_WRITE, lambda w: CUTOFFS)
    ],
    "/value/imports [value-upload]": [_ui("POST", "/value/imports", UI_SUPERVISOR_WRITE, _csv)],
    "/value/imports/<int:pk>/ [value-import]": [
        _ui("GET", Made("/value/imports/{id}/"), UI_SUPERVISOR)
    ],
    "/value/imports/<int:pk>/progress [value-import-progress]": [
        _ui("GET", Made("/value/imports/{id}/progress"), UI_SUPERVISOR)
    ],
    "/value/customers/<int:pk>/tier [value-set-tier]": [
        _ui(
            "POST",
            "/value/customers/{customer}/tier",
            UI_SUPERVISOR_WRITE,
            lambda w: {"tier": "gold", "note": "matrix"},
        )
    ],
    "/value/customers/<int:pk>/tier/clear [value-clear-tier]": [
        _ui("POST", "/value/customers/{customer}/tier/clear", UI_SUPERVISOR_WRITE)
    ],
    "POST /api/v1/transactions": [
        _api("POST", "/api/v1/transactions", API_SUPERVISOR_CREATE, _order)
    ],
    "GET /api/v1/customers/{customer_id}/value": [
        _api("GET", "/api/v1/customers/{customer}/value", API_ANY)
    ],
    "GET /api/v1/value/fits": [_api("GET", "/api/v1/value/fits", API_SUPERVISOR)],
}
