"""The chat app's entries of the authorization matrix (hamdel/security/tests).

The widget's script is public (customers' sites load it); an upload without a widget's
allowed Origin is refused alike for everyone. The widget pages and API are for
administrators; the chat desk is for every agent.
"""

from typing import Any

LOGIN, REDIRECT = "login", "redirect"
UI_ADMIN = (LOGIN, 403, 403, 403, 200)
UI_ADMIN_WRITE = (LOGIN, 403, 403, 403, REDIRECT)
UI_STAFF = (LOGIN, 200, 200, 200, 200)
API_ADMIN = (401, 403, 403, 403, 200)
API_ADMIN_CREATE = (401, 403, 403, 403, 201)

ANONYMOUS_ALLOWED = {
    "/chat/widget.js [chat-widget-script]",
    "/chat/upload/<int:widget_id>/ [chat-upload]",
}


def _widget(world: Any) -> dict[str, Any]:
    return {
        "name": "Shop chat",
        "team": str(world.cast.support.pk),
        "allowed_origins": "https://shop.example.com",
        "no_answer_seconds": "60",
        "agent_capacity": "2",
        "is_active": "on",
    }


def _widget_json(world: Any) -> dict[str, Any]:
    return {"name": "Shop chat", "team_id": world.cast.support.pk}


MATRIX: dict[str, list[dict[str, Any]]] = {
    "/chat/widget.js [chat-widget-script]": [
        {"method": "GET", "path": "/chat/widget.js", "expect": (200,) * 5},
    ],
    "/chat/upload/<int:widget_id>/ [chat-upload]": [
        {"method": "POST", "path": "/chat/upload/999999/", "expect": (403,) * 5},
    ],
    "/chat/widgets/ [chat-widgets]": [
        {"method": "GET", "path": "/chat/widgets/", "expect": UI_ADMIN},
    ],
    "/chat/widgets/new [chat-widget-new]": [
        {"method": "GET", "path": "/chat/widgets/new", "expect": UI_ADMIN},
        {"method": "POST", "path": "/chat/widgets/new", "expect": UI_ADMIN_WRITE, "body": _widget},
    ],
    "/chat/widgets/<int:widget_id>/ [chat-widget]": [
        {"method": "GET", "path": "/chat/widgets/999999/", "expect": (LOGIN, 403, 403, 403, 404)},
    ],
    "/chat/desk/ [chat-desk]": [
        {"method": "GET", "path": "/chat/desk/", "expect": UI_STAFF},
    ],
    "GET /api/v1/chat/widgets": [
        {"method": "GET", "path": "/api/v1/chat/widgets", "api": True, "expect": API_ADMIN},
    ],
    "POST /api/v1/chat/widgets": [
        {
            "method": "POST",
            "path": "/api/v1/chat/widgets",
            "api": True,
            "expect": API_ADMIN_CREATE,
            "body": _widget_json,
        },
    ],
    "GET /api/v1/chat/widgets/{widget_id}": [
        {
            "method": "GET",
            "path": "/api/v1/chat/widgets/999999",
            "api": True,
            "expect": (401, 403, 403, 403, 404),
        },
    ],
    "PATCH /api/v1/chat/widgets/{widget_id}": [
        {
            "method": "PATCH",
            "path": "/api/v1/chat/widgets/999999",
            "api": True,
            "expect": (401, 403, 403, 403, 404),
            "body": lambda world: {"name": "x"},
        },
    ],
}
