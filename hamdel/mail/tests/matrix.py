"""The mail app's entries of the authorization matrix: mailboxes are for administrators."""

from typing import Any

LOGIN = "login"
UI_ADMIN = (LOGIN, 403, 403, 403, 200)
UI_TEAM = (LOGIN, 404, 200, 200, 200)
UI_ADMIN_MISSING = (LOGIN, 403, 403, 403, 404)
API_ADMIN = (401, 403, 403, 403, 200)
API_ADMIN_CREATE = (401, 403, 403, 403, 201)
API_ADMIN_MISSING = (401, 403, 403, 403, 404)
MISSING = 999_999


def _mailbox(world: Any) -> dict[str, Any]:
    return {
        "name": "Support",
        "address": "matrix-support@hd.test",
        "imap_host": "imap.hd.test",
        "username": "matrix-support@hd.test",
        "password": "s3cret",
    }


MATRIX: dict[str, list[dict[str, Any]]] = {
    # The HTML of a message: as its conversation (404 for another team's agent).
    "/mail/messages/<int:message_id>/html [mail-message-html]": [
        {"method": "GET", "path": "/mail/messages/{message}/html", "expect": UI_TEAM}
    ],
    "/mail/mailboxes/ [mail-mailboxes]": [
        {"method": "GET", "path": "/mail/mailboxes/", "expect": UI_ADMIN}
    ],
    "/mail/mailboxes/new [mail-mailbox-new]": [
        {"method": "GET", "path": "/mail/mailboxes/new", "expect": UI_ADMIN}
    ],
    "/mail/mailboxes/<int:pk>/ [mail-mailbox]": [
        {"method": "GET", "path": f"/mail/mailboxes/{MISSING}/", "expect": UI_ADMIN_MISSING}
    ],
    "GET /api/v1/mail/mailboxes": [
        {"method": "GET", "path": "/api/v1/mail/mailboxes", "api": True, "expect": API_ADMIN}
    ],
    "POST /api/v1/mail/mailboxes": [
        {
            "method": "POST",
            "path": "/api/v1/mail/mailboxes",
            "api": True,
            "expect": API_ADMIN_CREATE,
            "body": _mailbox,
        }
    ],
    "GET /api/v1/mail/mailboxes/{mailbox_id}": [
        {
            "method": "GET",
            "path": f"/api/v1/mail/mailboxes/{MISSING}",
            "api": True,
            "expect": API_ADMIN_MISSING,
        }
    ],
    "PATCH /api/v1/mail/mailboxes/{mailbox_id}": [
        {
            "method": "PATCH",
            "path": f"/api/v1/mail/mailboxes/{MISSING}",
            "api": True,
            "expect": API_ADMIN_MISSING,
            "body": lambda world: {"name": "x"},
        }
    ],
}
