"""The web form's entries of the authorization matrix (hamdel/security/tests).

Each case is a dict of the matrix's `Case` fields. The public form answers everyone
alike (a POST without a valid form is 400 for everyone); the settings pages and the
API are for administrators only.
"""

from typing import Any

LOGIN, REDIRECT = "login", "redirect"
PUBLIC = (200, 200, 200, 200, 200)
UI_ADMIN = (LOGIN, 403, 403, 403, 200)
UI_ADMIN_WRITE = (LOGIN, 403, 403, 403, REDIRECT)
API_ADMIN = (401, 403, 403, 403, 200)
API_ADMIN_CREATE = (401, 403, 403, 403, 201)

# Routes an anonymous visitor may reach, for the matrix's public-routes check.
ANONYMOUS_ALLOWED = {"/contact/ [webform-default]", "/contact/<slug:slug>/ [webform]"}


def _settings(slug: str) -> Any:
    return lambda world: {"slug": slug, "min_seconds": "3", "max_per_ip": "10", "is_active": "on"}


MATRIX: dict[str, list[dict[str, Any]]] = {
    "/contact/ [webform-default]": [
        {"method": "GET", "path": "/contact/", "expect": PUBLIC},
        {"method": "GET", "path": "/contact/?lang=fa", "expect": PUBLIC, "label": "Persian"},
        {"method": "POST", "path": "/contact/", "expect": (400,) * 5, "label": "no token"},
    ],
    "/contact/<slug:slug>/ [webform]": [
        {"method": "GET", "path": "/contact/default/", "expect": PUBLIC},
        {"method": "GET", "path": "/contact/no-such-form/", "expect": (404,) * 5},
    ],
    "/webforms/ [webform-settings]": [
        {"method": "GET", "path": "/webforms/", "expect": UI_ADMIN},
    ],
    "/webforms/new [webform-new]": [
        {"method": "GET", "path": "/webforms/new", "expect": UI_ADMIN},
        {
            "method": "POST",
            "path": "/webforms/new",
            "expect": UI_ADMIN_WRITE,
            "body": _settings("billing-form"),
        },
    ],
    "/webforms/<slug:slug>/ [webform-edit]": [
        {"method": "GET", "path": "/webforms/default/", "expect": UI_ADMIN},
        {
            "method": "POST",
            "path": "/webforms/default/",
            "expect": UI_ADMIN_WRITE,
            "body": _settings("default"),
        },
    ],
    "GET /api/v1/webforms": [
        {"method": "GET", "path": "/api/v1/webforms", "api": True, "expect": API_ADMIN}
    ],
    "POST /api/v1/webforms": [
        {
            "method": "POST",
            "path": "/api/v1/webforms",
            "api": True,
            "expect": API_ADMIN_CREATE,
            "body": lambda world: {"slug": "api-form", "team_id": world.cast.billing.pk},
        }
    ],
    "GET /api/v1/webforms/{slug}": [
        {"method": "GET", "path": "/api/v1/webforms/default", "api": True, "expect": API_ADMIN}
    ],
    "PATCH /api/v1/webforms/{slug}": [
        {
            "method": "PATCH",
            "path": "/api/v1/webforms/default",
            "api": True,
            "expect": API_ADMIN,
            "body": lambda world: {"min_seconds": 3},
        }
    ],
}
