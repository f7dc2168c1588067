"""The promises app's entries of the authorization matrix (hamdel/security/tests).

The matrix formats each path with the ids of its shared world, which has no promise or
appointment; `Made` paths create theirs when formatted, inside the case's own savepoint,
on the world's Support conversation (alice's team, not bob's).
"""

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from hamdel.people.models import Team
from hamdel.promises import actions, appointments
from hamdel.promises.models import Kind, Resource
from hamdel.tickets.models import Conversation

API_ANY = (401, 200, 200, 200, 200)
API_ANY_CREATE = (401, 201, 201, 201, 201)
API_TEAM = (401, 404, 200, 200, 200)
API_TEAM_CREATE = (401, 404, 201, 201, 201)
API_ADMIN = (401, 403, 403, 403, 200)
API_ADMIN_CREATE = (401, 403, 403, 403, 201)
UI_ANY = ("login", 200, 200, 200, 200)
UI_TEAM = ("login", 404, 200, 200, 200)
UI_TEAM_WRITE = ("login", 404, "redirect", "redirect", "redirect")
UI_SUPERVISOR = ("login", 403, 403, 200, 200)
UI_ANY_WRITE = ("login", "redirect", "redirect", "redirect", "redirect")


def _later(days: int = 30) -> str:
    start = (timezone.now() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    return start.isoformat()


class Made(str):
    """A path whose `{id}` is a promise or appointment made when the matrix formats it."""

    make: str

    def __new__(cls, path: str, make: str) -> "Made":
        made = super().__new__(cls, path)
        made.make = make
        return made

    def format(self, *args: Any, **ids: Any) -> str:
        conversation = Conversation.objects.get(pk=ids["conversation"])
        alice = User.objects.get(username="alice")
        if self.make == "resource":
            made_id = _room(conversation).pk
        elif self.make == "promise":
            made_id = actions.make_promise(
                actions.PromiseDraft(
                    kind=Kind.CALLBACK,
                    due_at=timezone.now() + timedelta(days=30),
                    owner_agent=alice,
                ),
                customer=conversation.customer,
                conversation=conversation,
                actor=alice,
            ).pk
        else:
            made_id = appointments.book_appointment(
                agent=alice,
                customer=conversation.customer,
                conversation=conversation,
                start=timezone.now() + timedelta(days=20),
                minutes=30,
            ).pk
        return str.format(self, id=made_id, **ids)


def _room(conversation: Conversation) -> Resource:
    """A bookable room of the Support team (made once per case)."""
    team = Team.objects.get(name="Support")
    return Resource.objects.get_or_create(name="Room 1", team=team)[0]


def _room_of(w: Any) -> int:
    return Resource.objects.get_or_create(name="Room 1", team=w.cast.support)[0].pk


def _api(
    method: str, path: str, expect: tuple[Any, ...], body: Any = None, label: str = ""
) -> dict[str, Any]:
    case = {"method": method, "path": path, "expect": expect, "body": body, "api": True}
    return {**case, "label": label} if label else case


def _ui(method: str, path: str, expect: tuple[Any, ...], body: Any = None) -> dict[str, Any]:
    return {"method": method, "path": path, "expect": expect, "body": body}


def _box(w: Any) -> dict[str, str]:
    due = timezone.localtime(timezone.now() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
    return {"promise-kind": "callback", "promise-due_at": due, "promise-owner": "me"}


MATRIX: dict[str, list[dict[str, Any]]] = {
    "/promises/ [promises]": [_ui("GET", "/promises/", UI_ANY_WRITE)],
    "/promises/mine/ [my-promises]": [_ui("GET", "/promises/mine/", UI_ANY)],
    "/promises/report/ [promise-report]": [_ui("GET", "/promises/report/", UI_SUPERVISOR)],
    "/promises/calendar/ [promise-calendar]": [
        _ui("GET", "/promises/calendar/?view=week", UI_ANY),
        _ui("GET", "/promises/calendar/?view=day&day=1405/09/10", UI_ANY),
    ],
    "/promises/conversations/<int:pk>/check [promise-check]": [
        _ui("POST", "/promises/conversations/{conversation}/check", UI_TEAM, _box)
    ],
    "/promises/conversations/<int:pk>/make [promise-make]": [
        _ui("POST", "/promises/conversations/{conversation}/make", UI_TEAM, _box)
    ],
    "/promises/conversations/<int:pk>/slots [appointment-slots]": [
        _ui("GET", "/promises/conversations/{conversation}/slots?minutes=30", UI_TEAM)
    ],
    "/promises/conversations/<int:pk>/book [appointment-book]": [
        _ui(
            "POST",
            "/promises/conversations/{conversation}/book",
            UI_TEAM_WRITE,
            lambda w: {"agent": w.dave.user_id, "start": _later(12), "minutes": "30"},
        )
    ],
    "/promises/<int:promise_id>/keep [promise-keep]": [
        _ui("POST", Made("/promises/{id}/keep", "promise"), UI_TEAM_WRITE)
    ],
    "/promises/<int:promise_id>/cancel [promise-cancel]": [
        _ui(
            "POST",
            Made("/promises/{id}/cancel", "promise"),
            UI_TEAM_WRITE,
            lambda w: {"reason": "withdrawn"},
        )
    ],
    "/promises/appointments/<int:appointment_id>/move [appointment-move]": [
        _ui(
            "POST",
            Made("/promises/appointments/{id}/move", "appointment"),
            UI_ANY_WRITE,
            lambda w: {"start": _box(w)["promise-due_at"], "minutes": "30"},
        )
    ],
    "/promises/appointments/<int:appointment_id>/cancel [appointment-cancel]": [
        _ui("POST", Made("/promises/appointments/{id}/cancel", "appointment"), UI_ANY_WRITE)
    ],
    "POST /api/v1/conversations/{conversation_id}/promises": [
        _api(
            "POST",
            "/api/v1/conversations/{conversation}/promises",
            API_TEAM_CREATE,
            lambda w: {"kind": "callback", "due_at": _later()},
        )
    ],
    "POST /api/v1/customers/{customer_id}/promises": [
        _api(
            "POST",
            "/api/v1/customers/{customer}/promises",
            API_ANY_CREATE,
            lambda w: {"kind": "callback", "due_at": _later()},
        )
    ],
    "POST /api/v1/promises/feasibility": [
        _api(
            "POST",
            "/api/v1/promises/feasibility",
            API_ANY,
            lambda w: {"kind": "refund", "due_at": _later()},
        )
    ],
    "GET /api/v1/promises": [_api("GET", "/api/v1/promises?owner=me&state=open", API_ANY)],
    "GET /api/v1/promises/{promise_id}": [
        _api("GET", Made("/api/v1/promises/{id}", "promise"), API_TEAM)
    ],
    "POST /api/v1/promises/{promise_id}/keep": [
        _api("POST", Made("/api/v1/promises/{id}/keep", "promise"), API_TEAM)
    ],
    "POST /api/v1/promises/{promise_id}/cancel": [
        _api(
            "POST",
            Made("/api/v1/promises/{id}/cancel", "promise"),
            API_TEAM,
            lambda w: {"reason": "The customer withdrew"},
        )
    ],
    "GET /api/v1/appointments/slots": [
        _api("GET", "/api/v1/appointments/slots?agent={dave_user}&minutes=30", API_ANY),
        _api(
            "GET",
            Made("/api/v1/appointments/slots?resource={id}&minutes=30", "resource"),
            API_ANY,
        ),
    ],
    "POST /api/v1/appointments": [
        _api(
            "POST",
            "/api/v1/appointments",
            API_ANY_CREATE,
            lambda w: {
                "agent_id": w.dave.user_id,
                "customer_id": w.cast.customer.pk,
                "start": _later(10),
                "minutes": 30,
            },
        ),
        _api(
            "POST",
            "/api/v1/appointments",
            API_ANY_CREATE,
            lambda w: {
                "resource_id": _room_of(w),
                "customer_id": w.cast.customer.pk,
                "start": _later(11),
                "minutes": 30,
            },
            label="a resource",
        ),
    ],
    "GET /api/v1/resources": [_api("GET", "/api/v1/resources", API_ANY)],
    "POST /api/v1/resources": [
        _api(
            "POST",
            "/api/v1/resources",
            API_ADMIN_CREATE,
            lambda w: {"name": "Van 2", "team_id": w.cast.support.pk},
        )
    ],
    "PATCH /api/v1/resources/{resource_id}": [
        _api(
            "PATCH",
            Made("/api/v1/resources/{id}", "resource"),
            API_ADMIN,
            lambda w: {"name": "Room 9"},
        )
    ],
    "GET /api/v1/appointments/{appointment_id}": [
        _api("GET", Made("/api/v1/appointments/{id}", "appointment"), API_ANY)
    ],
    "POST /api/v1/appointments/{appointment_id}/reschedule": [
        _api(
            "POST",
            Made("/api/v1/appointments/{id}/reschedule", "appointment"),
            API_ANY,
            lambda w: {"start": _later(21), "minutes": 45},
        )
    ],
    "POST /api/v1/appointments/{appointment_id}/cancel": [
        _api(
            "POST",
            Made("/api/v1/appointments/{id}/cancel", "appointment"),
            API_ANY,
            lambda w: {"reason": "ill"},
        )
    ],
}
