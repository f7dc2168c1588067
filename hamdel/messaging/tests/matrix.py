"""The messaging app's entries of the authorization matrix (hamdel/security/tests).

Webhooks are public, each request proved by its provider's signature or secret: an
unknown hook is 404 for everyone (the signature checks are in test_*.py). The account
pages and the API are for administrators; a template message is an agent's, on a
conversation they may open.
"""

from typing import Any

LOGIN, REDIRECT = "login", "redirect"
UI_ADMIN = (LOGIN, 403, 403, 403, 200)
UI_ADMIN_MISSING = (LOGIN, 403, 403, 403, 404)
API_ADMIN = (401, 403, 403, 403, 200)
API_ADMIN_CREATE = (401, 403, 403, 403, 201)
API_ADMIN_MISSING = (401, 403, 403, 403, 404)
NOWHERE = (404,) * 5
MISSING = 999_999

HOOK = "/messaging/hooks/<str:kind>/<str:hook>/ [messaging-hook]"
STATUS = "/messaging/hooks/<str:kind>/<str:hook>/status [messaging-status]"
ANONYMOUS_ALLOWED = {HOOK, STATUS}


def _webhook_account(world: Any) -> dict[str, Any]:
    return {"kind": "webhook", "name": "Shop bot", "outbound_url": "https://shop.example/replies"}


def _form(world: Any) -> dict[str, Any]:
    return {
        "kind": "webhook",
        "name": "Shop bot",
        "reopen_hours": "72",
        "outbound_url": "https://shop.example/replies",
    }


MATRIX: dict[str, list[dict[str, Any]]] = {
    HOOK: [
        {"method": "POST", "path": "/messaging/hooks/telegram/no-such-hook/", "expect": NOWHERE},
        {
            "method": "GET",
            "path": "/messaging/hooks/whatsapp/no-such-hook/",
            "expect": NOWHERE,
            "label": "handshake",
        },
    ],
    STATUS: [
        {"method": "POST", "path": "/messaging/hooks/sms/no-such-hook/status", "expect": NOWHERE}
    ],
    "/messaging/accounts/ [messaging-accounts]": [
        {"method": "GET", "path": "/messaging/accounts/", "expect": UI_ADMIN}
    ],
    "/messaging/accounts/new [messaging-account-new]": [
        {"method": "GET", "path": "/messaging/accounts/new", "expect": UI_ADMIN},
        # The answer is the page that shows the webhook secret once (no redirect).
        {"method": "POST", "path": "/messaging/accounts/new", "expect": UI_ADMIN, "body": _form},
    ],
    "/messaging/accounts/<int:pk>/ [messaging-account]": [
        {"method": "GET", "path": f"/messaging/accounts/{MISSING}/", "expect": UI_ADMIN_MISSING}
    ],
    "/messaging/conversations/<int:pk>/template [messaging-send-template]": [
        # No such template: 404 for whoever may open the conversation, as for bob who may not.
        {
            "method": "POST",
            "path": "/messaging/conversations/{conversation}/template",
            "expect": (LOGIN,) + (404,) * 4,
        }
    ],
    "GET /api/v1/messaging/accounts": [
        {"method": "GET", "path": "/api/v1/messaging/accounts", "api": True, "expect": API_ADMIN}
    ],
    "POST /api/v1/messaging/accounts": [
        {
            "method": "POST",
            "path": "/api/v1/messaging/accounts",
            "api": True,
            "expect": API_ADMIN_CREATE,
            "body": _webhook_account,
        }
    ],
    "GET /api/v1/messaging/accounts/{account_id}": [
        {
            "method": "GET",
            "path": f"/api/v1/messaging/accounts/{MISSING}",
            "api": True,
            "expect": API_ADMIN_MISSING,
        }
    ],
    "PATCH /api/v1/messaging/accounts/{account_id}": [
        {
            "method": "PATCH",
            "path": f"/api/v1/messaging/accounts/{MISSING}",
            "api": True,
            "expect": API_ADMIN_MISSING,
            "body": lambda world: {"name": "Renamed"},
        }
    ],
    "POST /api/v1/messaging/accounts/{account_id}/templates": [
        {
            "method": "POST",
            "path": f"/api/v1/messaging/accounts/{MISSING}/templates",
            "api": True,
            "expect": API_ADMIN_MISSING,
            "body": lambda world: {"name": "order_update", "body": "Hi {{1}}"},
        }
    ],
}
