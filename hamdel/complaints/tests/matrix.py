"""The complaints app's entries of the authorization matrix (hamdel/security/tests).

The matrix's world has no complaint, root cause or alert; `Made` paths create theirs when
formatted, inside the case's own savepoint. A complaint is made of the world's Support
conversation (alice's team, not bob's) with desk routing off, so it stays on Support.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from hamdel.complaints import actions
from hamdel.complaints.models import Alert, RootCause
from hamdel.tickets.actions import update_conversation
from hamdel.tickets.models import Conversation

API_ANY = (401, 200, 200, 200, 200)
API_TEAM = (401, 404, 200, 200, 200)
API_SUPERVISOR = (401, 403, 403, 200, 200)
API_SUPERVISOR_CREATE = (401, 403, 403, 201, 201)
API_SUPERVISOR_DELETE = (401, 403, 403, 204, 204)
API_ADMIN = (401, 403, 403, 403, 200)
UI_TEAM_WRITE = ("login", 404, "redirect", "redirect", "redirect")
UI_SUPERVISOR = ("login", 403, 403, 200, 200)
UI_SUPERVISOR_WRITE = ("login", 403, 403, "redirect", "redirect")
UI_ADMIN = ("login", 403, 403, 403, 200)


def _cause() -> RootCause:
    return RootCause.objects.get_or_create(name="Billing error")[0]


class Made(str):
    """A path whose `{id}` is a root cause or alert made when the matrix formats it, or
    whose conversation is made a complaint first."""

    make: str

    def __new__(cls, path: str, make: str) -> "Made":
        made = super().__new__(cls, path)
        made.make = make
        return made

    def format(self, *args: Any, **ids: Any) -> str:
        made_id = 0
        if self.make == "cause":
            made_id = _cause().pk
        elif self.make == "alert":
            conversation = Conversation.objects.get(pk=ids["conversation"])
            now = timezone.now()
            alert = Alert.objects.create(
                group_kind="root_cause",
                group_key=str(_cause().pk),
                label="Billing error",
                window_start=now - timedelta(days=7),
                window_end=now,
                customers=6,
                baseline=1.0,
                p_value=0.0006,
            )
            alert.conversations.set([conversation])
            made_id = alert.pk
        elif self.make == "complaint":
            actions.update_desk(None, route_complaints=False)
            conversation = Conversation.objects.get(pk=ids["conversation"])
            update_conversation(conversation, None, category="complaint")
        return str.format(self, id=made_id, **ids)


def _api(
    method: str, path: str, expect: tuple[Any, ...], body: Any = None, label: str = ""
) -> dict[str, Any]:
    case = {"method": method, "path": path, "expect": expect, "body": body, "api": True}
    return {**case, "label": label} if label else case


def _ui(method: str, path: str, expect: tuple[Any, ...], body: Any = None) -> dict[str, Any]:
    return {"method": method, "path": path, "expect": expect, "body": body}


def _resolution(w: Any) -> dict[str, Any]:
    return {"root_cause": _cause().pk, "resolution": "Refunded the double charge"}


MATRIX: dict[str, list[dict[str, Any]]] = {
    "/complaints/ [complaints]": [_ui("GET", "/complaints/", UI_SUPERVISOR)],
    "/complaints/root-causes/ [complaint-root-causes]": [
        _ui("GET", "/complaints/root-causes/", UI_SUPERVISOR),
        _ui(
            "POST",
            "/complaints/root-causes/",
            UI_SUPERVISOR_WRITE,
            lambda w: {"name": "Late courier", "is_active": "on"},
        ),
    ],
    "/complaints/root-causes/<int:cause_id>/ [complaint-root-cause]": [
        _ui(
            "POST",
            Made("/complaints/root-causes/{id}/", "cause"),
            UI_SUPERVISOR_WRITE,
            lambda w: {"name": "Billing mistake", "is_active": "on"},
        )
    ],
    "/complaints/settings/ [complaint-desk]": [_ui("GET", "/complaints/settings/", UI_ADMIN)],
    "/complaints/alerts/ [complaint-alerts]": [_ui("GET", "/complaints/alerts/", UI_SUPERVISOR)],
    "/complaints/alerts/<int:alert_id>/ [complaint-alert]": [
        _ui("GET", Made("/complaints/alerts/{id}/", "alert"), UI_SUPERVISOR)
    ],
    "/complaints/alerts/<int:alert_id>/decide [complaint-decide]": [
        _ui(
            "POST",
            Made("/complaints/alerts/{id}/decide", "alert"),
            UI_SUPERVISOR_WRITE,
            lambda w: {"verdict": "kept", "why": "The fee is fair"},
        )
    ],
    "/complaints/conversations/<int:pk>/resolution [complaint-resolution]": [
        _ui(
            "POST",
            Made("/complaints/conversations/{conversation}/resolution", "complaint"),
            UI_TEAM_WRITE,
            _resolution,
        )
    ],
    "GET /api/v1/complaints": [_api("GET", "/api/v1/complaints", API_ANY)],
    "GET /api/v1/complaints/root-causes": [_api("GET", "/api/v1/complaints/root-causes", API_ANY)],
    "POST /api/v1/complaints/root-causes": [
        _api(
            "POST",
            "/api/v1/complaints/root-causes",
            API_SUPERVISOR_CREATE,
            lambda w: {"name": "Late courier"},
        )
    ],
    "PATCH /api/v1/complaints/root-causes/{cause_id}": [
        _api(
            "PATCH",
            Made("/api/v1/complaints/root-causes/{id}", "cause"),
            API_SUPERVISOR,
            lambda w: {"description": "We charged twice"},
        )
    ],
    "DELETE /api/v1/complaints/root-causes/{cause_id}": [
        _api("DELETE", Made("/api/v1/complaints/root-causes/{id}", "cause"), API_SUPERVISOR_DELETE)
    ],
    "GET /api/v1/complaints/alerts": [_api("GET", "/api/v1/complaints/alerts", API_SUPERVISOR)],
    "GET /api/v1/complaints/alerts/{alert_id}": [
        _api("GET", Made("/api/v1/complaints/alerts/{id}", "alert"), API_SUPERVISOR)
    ],
    "POST /api/v1/complaints/alerts/{alert_id}/decisions": [
        _api(
            "POST",
            Made("/api/v1/complaints/alerts/{id}/decisions", "alert"),
            API_SUPERVISOR_CREATE,
            lambda w: {"verdict": "changed", "why": "We dropped the fee"},
        )
    ],
    "GET /api/v1/complaints/desk": [_api("GET", "/api/v1/complaints/desk", API_SUPERVISOR)],
    "PUT /api/v1/complaints/desk": [
        _api(
            "PUT",
            "/api/v1/complaints/desk",
            API_ADMIN,
            lambda w: {"escalate_after_minutes": 240},
        )
    ],
    "GET /api/v1/conversations/{conversation_id}/complaint": [
        _api(
            "GET",
            Made("/api/v1/conversations/{conversation}/complaint", "complaint"),
            API_TEAM,
        )
    ],
    "PUT /api/v1/conversations/{conversation_id}/complaint": [
        _api(
            "PUT",
            Made("/api/v1/conversations/{conversation}/complaint", "complaint"),
            API_TEAM,
            lambda w: {"root_cause_id": _cause().pk, "resolution": "Refunded"},
        )
    ],
}
