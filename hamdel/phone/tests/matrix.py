"""The phone app's entries of the authorization matrix (hamdel/security/tests).

The PBX webhook is public, each request proved by its secret token URL: an unknown token
is 404 for everyone (signatures and payloads are in test_*.py). Agents see the calls,
callbacks and messages of their teams' queues (bob, on Billing, gets 404 for Support's);
the wallboard and the service level are for supervisors; integrations for administrators.
`Made` paths create their call, callback or message on Support when formatted, inside the
case's own savepoint, for the world's customer.
"""

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from hamdel.people.models import Team
from hamdel.phone import actions
from hamdel.phone.models import Call, Integration, Outcome
from hamdel.tickets.models import Conversation

LOGIN, REDIRECT = "login", "redirect"
NOWHERE = (404,) * 5
UI_ANY = (LOGIN, 200, 200, 200, 200)
UI_TEAM_WRITE = (LOGIN, 404, REDIRECT, REDIRECT, REDIRECT)
UI_SUPERVISOR = (LOGIN, 403, 403, 200, 200)
UI_ADMIN = (LOGIN, 403, 403, 403, 200)
API_ANY = (401, 200, 200, 200, 200)
API_ANY_CREATE = (401, 201, 201, 201, 201)
API_TEAM = (401, 404, 200, 200, 200)
API_TEAM_CREATE = (401, 404, 201, 201, 201)
API_SUPERVISOR = (401, 403, 403, 200, 200)
API_ADMIN = (401, 403, 403, 403, 200)
API_ADMIN_CREATE = (401, 403, 403, 403, 201)

HOOK = "/phone/hooks/<str:token>/ [phone-hook]"
ANONYMOUS_ALLOWED = {HOOK}


def _integration() -> Integration:
    team = Team.objects.get(name="Support")
    found = Integration.objects.filter(team=team).first()
    return found or actions.create_integration(
        name="Matrix PBX", kind="generic", team=team, actor=None
    )


def _call(conversation: Conversation) -> Call:
    now = timezone.now()
    return Call.objects.create(
        integration=_integration(),
        call_id=f"matrix-{now.timestamp()}",
        team_id=_integration().team_id,
        customer=conversation.customer,
        phone="+989351112233",
        outcome=Outcome.MISSED,
        started_at=now - timedelta(minutes=2),
        ended_at=now - timedelta(minutes=1),
        wait_seconds=60,
    )


class Made(str):
    """A path whose `{id}` is a call, callback or taken message made when formatted."""

    make: str

    def __new__(cls, path: str, make: str) -> "Made":
        made = super().__new__(cls, path)
        made.make = make
        return made

    def format(self, *args: Any, **ids: Any) -> str:
        conversation = Conversation.objects.get(pk=ids["conversation"])
        if self.make == "call":
            made_id = _call(conversation).pk
        elif self.make == "callback":
            made_id = actions.open_callback(_call(conversation)).pk
        else:
            made_id = actions.take_message(
                for_user=User.objects.get(username="alice"),
                caller_name="Cyrus",
                phone="+989351112233",
                about="About the refund",
                call_back_at=None,
                actor=User.objects.get(username="alice"),
            ).pk
        return str.format(self, id=made_id, **ids)


def _api(method: str, path: str, expect: tuple[Any, ...], body: Any = None) -> dict[str, Any]:
    return {"method": method, "path": path, "expect": expect, "body": body, "api": True}


def _ui(method: str, path: str, expect: tuple[Any, ...], body: Any = None) -> dict[str, Any]:
    return {"method": method, "path": path, "expect": expect, "body": body}


def _message(w: Any) -> dict[str, Any]:
    return {"for_user": w.cast.alice.user_id, "phone": "09351112233", "about": "Refund"}


MATRIX: dict[str, list[dict[str, Any]]] = {
    HOOK: [{"method": "POST", "path": "/phone/hooks/no-such-token/", "expect": NOWHERE}],
    "/phone/ [phone-desk]": [_ui("GET", "/phone/", UI_ANY)],
    "/phone/callbacks/ [phone-callbacks]": [_ui("GET", "/phone/callbacks/", UI_ANY)],
    "/phone/callbacks/<int:pk>/outcome [phone-callback-outcome]": [
        _ui(
            "POST",
            Made("/phone/callbacks/{id}/outcome", "callback"),
            UI_TEAM_WRITE,
            lambda w: {"outcome": "reached"},
        )
    ],
    "/phone/messages/new [phone-message-new]": [_ui("GET", "/phone/messages/new", UI_ANY)],
    "/phone/messages/<int:pk>/done [phone-message-done]": [
        _ui("POST", Made("/phone/messages/{id}/done", "message"), UI_TEAM_WRITE)
    ],
    "/phone/wallboard/ [phone-wallboard]": [_ui("GET", "/phone/wallboard/", UI_SUPERVISOR)],
    "/phone/integrations/ [phone-integrations]": [_ui("GET", "/phone/integrations/", UI_ADMIN)],
    "/phone/integrations/new [phone-integration-new]": [
        _ui("GET", "/phone/integrations/new", UI_ADMIN)
    ],
    "/phone/calls/<int:pk>/attach [phone-call-attach]": [
        _ui(
            "POST",
            Made("/phone/calls/{id}/attach", "call"),
            UI_TEAM_WRITE,
            lambda w: {"conversation": w.conversation.number},
        )
    ],
    "/phone/calls/<int:pk>/open [phone-call-open]": [
        _ui("POST", Made("/phone/calls/{id}/open", "call"), UI_TEAM_WRITE)
    ],
    "POST /api/v1/phone/integrations": [
        _api(
            "POST",
            "/api/v1/phone/integrations",
            API_ADMIN_CREATE,
            lambda w: {"name": "3CX", "kind": "generic", "team": w.cast.support.pk},
        )
    ],
    "GET /api/v1/phone/integrations": [_api("GET", "/api/v1/phone/integrations", API_ADMIN)],
    "GET /api/v1/phone/service-level": [
        _api("GET", "/api/v1/phone/service-level?queue={support}", API_SUPERVISOR)
    ],
    "GET /api/v1/phone/calls": [_api("GET", "/api/v1/phone/calls", API_ANY)],
    "POST /api/v1/phone/calls/{call_id}/attach": [
        _api(
            "POST",
            Made("/api/v1/phone/calls/{id}/attach", "call"),
            API_TEAM,
            lambda w: {"conversation": w.conversation.pk},
        )
    ],
    "POST /api/v1/phone/calls/{call_id}/conversation": [
        _api("POST", Made("/api/v1/phone/calls/{id}/conversation", "call"), API_TEAM_CREATE)
    ],
    "POST /api/v1/phone/messages": [
        _api("POST", "/api/v1/phone/messages", API_ANY_CREATE, _message)
    ],
    "GET /api/v1/phone/messages": [_api("GET", "/api/v1/phone/messages", API_ANY)],
    "POST /api/v1/phone/messages/{message_id}/done": [
        _api("POST", Made("/api/v1/phone/messages/{id}/done", "message"), API_TEAM)
    ],
    "GET /api/v1/callbacks": [_api("GET", "/api/v1/callbacks?status=open", API_ANY)],
    "POST /api/v1/callbacks/{callback_id}/outcome": [
        _api(
            "POST",
            Made("/api/v1/callbacks/{id}/outcome", "callback"),
            API_TEAM,
            lambda w: {"outcome": "no_answer"},
        )
    ],
}
