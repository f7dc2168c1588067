"""The tiny app's entries of the authorization matrix (hamdel/security/tests): its page is
for every agent, its API for every agent with a token."""

from typing import Any

MATRIX: dict[str, list[dict[str, Any]]] = {
    "/tiny/ [tiny-waves]": [
        {"method": "GET", "path": "/tiny/", "expect": ("login", 200, 200, 200, 200)},
    ],
    "GET /api/v1/tiny/waves": [
        {"method": "GET", "path": "/api/v1/tiny/waves", "api": True, "expect": (401,) + (200,) * 4},
    ],
    "POST /api/v1/tiny/waves": [
        {
            "method": "POST",
            "path": "/api/v1/tiny/waves",
            "api": True,
            "expect": (401,) + (201,) * 4,
            "body": lambda w: {"customer_id": w.cast.customer.pk, "text": "Salam"},
            "changed": lambda w: _waved(w.cast.customer.pk),
        },
    ],
}


def _waved(customer_id: int) -> bool:
    from hamdel.lib.tests.tinyapp.models import Wave

    return Wave.objects.filter(customer_id=customer_id, text="Salam").exists()
