"""The compensation app's entries of the authorization matrix (hamdel/security/tests).

The shared world has no compensation; `Made` paths request theirs when formatted, inside
the case's own savepoint, on the world's Support conversation (alice's team, not bob's):
asked for by dave (an agent), so nobody of the five personas is deciding their own request.
With no supervisor limit set, a request above the agent's limit waits for an administrator;
`pending-supervisor` sets one, so a supervisor may decide. The gateway webhook is public,
proved by its signature: unsigned, it is refused for everyone (the signature checks are in
test_gateway.py).
"""

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from hamdel.compensation import actions
from hamdel.compensation.models import Compensation, Limit
from hamdel.people.models import Role
from hamdel.tickets.models import Conversation

LOGIN, REDIRECT = "login", "redirect"
API_ANY = (401, 200, 200, 200, 200)
API_TEAM = (401, 404, 200, 200, 200)
API_TEAM_CREATE = (401, 404, 201, 201, 201)
API_ADMIN = (401, 403, 403, 403, 200)
API_ADMIN_CREATE = (401, 403, 403, 403, 201)
API_SUPERVISOR_APPROVER = (401, 404, 403, 200, 200)
API_ADMIN_APPROVER = (401, 404, 403, 403, 200)
UI_TEAM_WRITE = (LOGIN, 404, REDIRECT, REDIRECT, REDIRECT)
UI_SUPERVISOR = (LOGIN, 403, 403, 200, 200)
UI_ADMIN = (LOGIN, 403, 403, 403, 200)
UI_ADMIN_WRITE = (LOGIN, 403, 403, 403, REDIRECT)
UI_ADMIN_APPROVER = (LOGIN, 404, 403, 403, REDIRECT)
SIGNED_ONLY = (403,) * 5

GATEWAY = "POST /api/v1/compensation/gateway"
ANONYMOUS_ALLOWED = {GATEWAY}


def _request(conversation: Conversation, requester: User, amount: str) -> int:
    draft = actions.Draft(kind="partial_refund", amount=amount, currency="USD", reason="late")
    return actions.request_compensation(conversation, draft, requester).pk


class Made(str):
    """A path whose `{id}` is a compensation request made when the matrix formats it."""

    make: str

    def __new__(cls, path: str, make: str) -> "Made":
        made = super().__new__(cls, path)
        made.make = make
        return made

    def format(self, *args: Any, **ids: Any) -> str:
        conversation = Conversation.objects.get(pk=ids["conversation"])
        dave = User.objects.get(agent__pk=ids["dave"])
        ada = User.objects.get(username="ada")
        if self.make == "pending-supervisor":
            Limit.objects.create(
                role=Role.SUPERVISOR, currency="USD", per_case=Decimal(500), per_month=Decimal(0)
            )
            made_id = _request(conversation, dave, "40.00")
        elif self.make == "pending":
            made_id = _request(conversation, dave, "40.00")
        else:  # granted by an administrator (no limit); "paid": and paid
            made_id = _request(conversation, ada, "40.00")
            if self.make == "paid":
                compensation = Compensation.objects.get(pk=made_id)
                actions.mark_paid(compensation, ada, "gw-1")
        return str.format(self, id=made_id, **ids)


def _api(
    method: str, path: str, expect: tuple[Any, ...], body: Any = None, label: str = ""
) -> dict[str, Any]:
    case = {"method": method, "path": path, "expect": expect, "body": body, "api": True}
    return {**case, "label": label} if label else case


def _ui(method: str, path: str, expect: tuple[Any, ...], body: Any = None) -> dict[str, Any]:
    return {"method": method, "path": path, "expect": expect, "body": body}


def _asked(w: Any) -> dict[str, str]:
    return {"kind": "coupon", "amount": "5.00", "currency": "USD", "reason": "goodwill"}


def _form(w: Any) -> dict[str, str]:
    return {f"compensation-{name}": value for name, value in _asked(w).items()}


def _limits(w: Any) -> list[dict[str, str]]:
    return [{"role": "agent", "currency": "USD", "per_case": "20.00", "per_month": "100.00"}]


MATRIX: dict[str, list[dict[str, Any]]] = {
    "/compensation/approvals/ [compensation-approvals]": [
        _ui("GET", "/compensation/approvals/", UI_SUPERVISOR)
    ],
    "/compensation/limits/ [compensation-limits]": [
        _ui("GET", "/compensation/limits/", UI_ADMIN),
        _ui(
            "POST",
            "/compensation/limits/",
            UI_ADMIN_WRITE,
            lambda w: {"agent-USD-per_case": "20", "agent-USD-per_month": "100"},
        ),
    ],
    "/compensation/conversations/<int:pk>/request [compensation-request]": [
        _ui("POST", "/compensation/conversations/{conversation}/request", UI_TEAM_WRITE, _form)
    ],
    "/compensation/<int:compensation_id>/approve [compensation-approve]": [
        _ui("POST", Made("/compensation/{id}/approve", "pending"), UI_ADMIN_APPROVER)
    ],
    "/compensation/<int:compensation_id>/reject [compensation-reject]": [
        _ui(
            "POST",
            Made("/compensation/{id}/reject", "pending"),
            UI_ADMIN_APPROVER,
            lambda w: {"comment": "not our fault"},
        )
    ],
    "/compensation/<int:compensation_id>/paid [compensation-paid]": [
        _ui(
            "POST",
            Made("/compensation/{id}/paid", "approved"),
            UI_ADMIN_WRITE,
            lambda w: {"reference": "gw-9"},
        )
    ],
    "POST /api/v1/conversations/{conversation_id}/compensations": [
        _api("POST", "/api/v1/conversations/{conversation}/compensations", API_TEAM_CREATE, _asked)
    ],
    "GET /api/v1/conversations/{conversation_id}/compensations": [
        _api("GET", "/api/v1/conversations/{conversation}/compensations", API_TEAM)
    ],
    "GET /api/v1/compensations/pending": [_api("GET", "/api/v1/compensations/pending", API_ANY)],
    "GET /api/v1/compensations/{compensation_id}": [
        _api("GET", Made("/api/v1/compensations/{id}", "pending"), API_TEAM)
    ],
    "POST /api/v1/compensations/{compensation_id}/approve": [
        _api("POST", Made("/api/v1/compensations/{id}/approve", "pending"), API_ADMIN_APPROVER),
        _api(
            "POST",
            Made("/api/v1/compensations/{id}/approve", "pending-supervisor"),
            API_SUPERVISOR_APPROVER,
            label="within the supervisor's limit",
        ),
    ],
    "POST /api/v1/compensations/{compensation_id}/reject": [
        _api(
            "POST",
            Made("/api/v1/compensations/{id}/reject", "pending"),
            API_ADMIN_APPROVER,
            lambda w: {"comment": "not our fault"},
        )
    ],
    "POST /api/v1/compensations/{compensation_id}/paid": [
        _api(
            "POST",
            Made("/api/v1/compensations/{id}/paid", "approved"),
            API_ADMIN,
            lambda w: {"reference": "gw-2"},
        )
    ],
    "POST /api/v1/compensations/{compensation_id}/reverse": [
        _api(
            "POST",
            Made("/api/v1/compensations/{id}/reverse", "paid"),
            API_ADMIN,
            lambda w: {"comment": "chargeback"},
        )
    ],
    GATEWAY: [_api("POST", "/api/v1/compensation/gateway", SIGNED_ONLY, lambda w: {})],
    "GET /api/v1/compensation/limits": [_api("GET", "/api/v1/compensation/limits", API_ANY)],
    "PUT /api/v1/compensation/limits": [
        _api("PUT", "/api/v1/compensation/limits", API_ADMIN, _limits)
    ],
    "POST /api/v1/compensation/charges": [
        _api(
            "POST",
            "/api/v1/compensation/charges",
            API_ADMIN_CREATE,
            lambda w: {
                "reference": "ORD-1",
                "customer_id": w.cast.customer.pk,
                "amount": "90.00",
                "currency": "USD",
            },
        )
    ],
}
