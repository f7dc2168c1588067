"""The conduct app's entries of the authorization matrix (hamdel/security/tests).

The matrix's shared world has no parting, extra term or detection; `Made` paths create
theirs when formatted, inside the case's own savepoint.
"""

from typing import Any

from django.contrib.auth.models import User

from hamdel.conduct.models import ExtraTerm, Parting, PartingState
from hamdel.tickets.models import Conversation

API_ANY = (401, 200, 200, 200, 200)
UI_SUPERVISOR = ("login", 403, 403, 200, 200)
UI_ADMIN = ("login", 403, 403, 403, 200)
UI_ADMIN_WRITE = ("login", 403, 403, 403, "redirect")
UI_SUPERVISOR_WRITE = ("login", 403, 403, "redirect", "redirect")
UI_ANY_WRITE = ("login", "redirect", "redirect", "redirect", "redirect")
UI_TEAM_WRITE = ("login", 404, "redirect", "redirect", "redirect")


class Made(str):
    """A path whose `{id}` is a parting (in a given state) or an extra term, made when the
    matrix formats it."""

    make: str

    def __new__(cls, path: str, make: str) -> "Made":
        made = super().__new__(cls, path)
        made.make = make
        return made

    def format(self, *args: Any, **ids: Any) -> str:
        if self.make == "term":
            made_id = ExtraTerm.objects.create(
                text="gumbo", language="en", category="insult", severity="mild"
            ).pk
        else:
            conversation = Conversation.objects.get(pk=ids["conversation"])
            made_id = Parting.objects.create(
                customer=conversation.customer,
                reason="matrix",
                proposed_by=User.objects.get(username="sam"),
                state=self.make,
            ).pk
        return str.format(self, id=made_id, **ids)


def _ui(
    method: str, path: str, expect: tuple[Any, ...], body: dict[str, str] | None = None
) -> dict[str, Any]:
    case: dict[str, Any] = {"method": method, "path": path, "expect": expect}
    if body is not None:
        case["body"] = lambda _world: body
    return case


MATRIX: dict[str, list[dict[str, Any]]] = {
    "/conduct/exposure/ [conduct-exposure]": [_ui("GET", "/conduct/exposure/", UI_SUPERVISOR)],
    "/conduct/partings/ [conduct-partings]": [_ui("GET", "/conduct/partings/", UI_SUPERVISOR)],
    "/conduct/settings/ [conduct-settings]": [_ui("GET", "/conduct/settings/", UI_ADMIN)],
    "/conduct/settings/policy [conduct-policy]": [
        _ui("POST", "/conduct/settings/policy", UI_ADMIN_WRITE, {"repeat_count": "3"})
    ],
    "/conduct/settings/templates [conduct-template]": [
        _ui(
            "POST",
            "/conduct/settings/templates",
            UI_ADMIN_WRITE,
            {"kind": "warning", "language": "en", "body": "Please be polite."},
        )
    ],
    "/conduct/settings/terms [conduct-term-add]": [
        _ui(
            "POST",
            "/conduct/settings/terms",
            UI_ADMIN_WRITE,
            {"text": "gumbo", "language": "en", "category": "insult", "severity": "mild"},
        )
    ],
    "/conduct/settings/terms/<int:term_id>/remove [conduct-term-remove]": [
        _ui("POST", Made("/conduct/settings/terms/{id}/remove", "term"), UI_ADMIN_WRITE)
    ],
    "/conduct/preference [conduct-preference]": [
        _ui("POST", "/conduct/preference", UI_ANY_WRITE, {"never_reveal": "1"})
    ],
    "/conduct/messages/<int:message_id>/reveal [conduct-reveal]": [
        _ui("POST", "/conduct/messages/{message}/reveal", UI_TEAM_WRITE)
    ],
    "/conduct/conversations/<int:pk>/hand-over [conduct-hand-over]": [
        _ui("POST", "/conduct/conversations/{conversation}/hand-over", UI_TEAM_WRITE)
    ],
    "/conduct/customers/<int:customer_id>/part-ways [conduct-propose]": [
        _ui("POST", "/conduct/customers/{customer}/part-ways", UI_SUPERVISOR_WRITE, {"reason": ""})
    ],
    "/conduct/partings/<int:parting_id>/approve [conduct-approve]": [
        _ui("POST", Made("/conduct/partings/{id}/approve", PartingState.PROPOSED), UI_ADMIN_WRITE)
    ],
    "/conduct/partings/<int:parting_id>/reject [conduct-reject]": [
        _ui("POST", Made("/conduct/partings/{id}/reject", PartingState.PROPOSED), UI_ADMIN_WRITE)
    ],
    "/conduct/partings/<int:parting_id>/reverse [conduct-reverse]": [
        _ui("POST", Made("/conduct/partings/{id}/reverse", PartingState.APPROVED), UI_ADMIN_WRITE)
    ],
    "POST /api/v1/conduct/check": [
        {
            "method": "POST",
            "path": "/api/v1/conduct/check",
            "expect": API_ANY,
            "body": lambda _world: {"text": "you idiot", "language": "en"},
            "api": True,
        }
    ],
}
