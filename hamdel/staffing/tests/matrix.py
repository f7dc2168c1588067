"""The staffing app's entries of the authorization matrix (hamdel/security/tests).

The shared world has no staffing rows; `Made` paths create theirs when the matrix formats
them, inside the case's own savepoint: the Support team's id, a shift of alice's, and an
item routed to alice on the world's Support conversation.
"""

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from hamdel.people.models import Agent, Team
from hamdel.staffing.models import Item, ItemKind, ItemState, Shift
from hamdel.tickets.models import Conversation

API_ANY = (401, 200, 200, 200, 200)
API_ANY_CREATE = (401, 201, 201, 201, 201)
API_SUPERVISOR = (401, 403, 403, 200, 200)
API_SUPERVISOR_CREATE = (401, 403, 403, 201, 201)
# alice declines her own item; bob cannot see it; sam and ada see it but it is not theirs
API_DECLINE = (401, 404, 200, 422, 422)
UI_ANY = ("login", 200, 200, 200, 200)
UI_ANY_WRITE = ("login", "redirect", "redirect", "redirect", "redirect")
UI_SUPERVISOR = ("login", 403, 403, 200, 200)
UI_SUPERVISOR_WRITE = ("login", 403, 403, "redirect", "redirect")
UI_DECLINE = ("login", 404, "redirect", "redirect", "redirect")


class Made(str):
    """A path whose `{id}` is a staffing row made when the matrix formats it."""

    make: str

    def __new__(cls, path: str, make: str) -> "Made":
        made = super().__new__(cls, path)
        made.make = make
        return made

    def format(self, *args: Any, **ids: Any) -> str:
        support = Team.objects.get(name="Support")
        if self.make == "team":
            made_id = support.pk
        elif self.make == "shift":
            start = timezone.now() + timedelta(days=40)
            made_id = Shift.objects.get_or_create(
                agent=Agent.objects.get(user__username="alice"),
                team=support,
                defaults={"start": start, "end": start + timedelta(hours=8)},
            )[0].pk
        else:
            conversation = Conversation.objects.get(pk=ids["conversation"])
            made_id = Item.objects.get_or_create(
                kind=ItemKind.CONVERSATION,
                conversation=conversation,
                state=ItemState.ASSIGNED,
                defaults={
                    "team": support,
                    "channel": conversation.channel,
                    "assignee": User.objects.get(username="alice"),
                },
            )[0].pk
        return str.format(self, id=made_id, **ids)


def _api(method: str, path: str, expect: tuple[Any, ...], body: Any = None) -> dict[str, Any]:
    return {"method": method, "path": path, "expect": expect, "body": body, "api": True}


def _ui(method: str, path: str, expect: tuple[Any, ...], body: Any = None) -> dict[str, Any]:
    return {"method": method, "path": path, "expect": expect, "body": body}


def _shift_body(w: Any) -> dict[str, Any]:
    start = timezone.now() + timedelta(days=50)
    return {
        "agent": w.dave.pk,
        "team": w.cast.support.pk,
        "start": start.isoformat(),
        "end": (start + timedelta(hours=8)).isoformat(),
    }


def _shift_form(w: Any) -> dict[str, Any]:
    start = timezone.localtime(timezone.now() + timedelta(days=50))
    return {
        "agent": w.cast.alice.pk,
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
    }


PULSE = {"mood": 4, "workload": 3, "support": 5}
ERLANG = "/api/v1/staffing/erlang?calls=200&interval_minutes=30&aht=300"

MATRIX: dict[str, list[dict[str, Any]]] = {
    "/staffing/ [staffing]": [_ui("GET", "/staffing/", UI_SUPERVISOR)],
    "/staffing/me/ [staffing-me]": [_ui("GET", "/staffing/me/", UI_ANY)],
    "/staffing/waiting/ [staffing-queue]": [_ui("GET", "/staffing/waiting/", UI_ANY)],
    "/staffing/presence [staffing-presence]": [
        _ui("POST", "/staffing/presence", UI_ANY_WRITE, lambda w: {"presence": "busy"})
    ],
    "/staffing/pulse [staffing-pulse]": [
        _ui("POST", "/staffing/pulse", UI_ANY_WRITE, lambda w: PULSE)
    ],
    "/staffing/items/<int:item_id>/decline [staffing-decline]": [
        _ui(
            "POST",
            Made("/staffing/items/{id}/decline", "item"),
            UI_DECLINE,
            lambda w: {"reason": "on a call"},
        )
    ],
    "/staffing/teams/<int:team_id>/ [staffing-team]": [
        _ui("GET", Made("/staffing/teams/{id}/", "team"), UI_SUPERVISOR)
    ],
    "/staffing/teams/<int:team_id>/settings [staffing-team-settings]": [
        _ui(
            "POST",
            Made("/staffing/teams/{id}/settings", "team"),
            UI_SUPERVISOR_WRITE,
            lambda w: {
                "target_sl": "0.9",
                "target_seconds": "20",
                "aht_seconds": "240",
                "shrinkage": "0.3",
            },
        )
    ],
    "/staffing/teams/<int:team_id>/shifts [staffing-shift-add]": [
        _ui("POST", Made("/staffing/teams/{id}/shifts", "team"), UI_SUPERVISOR_WRITE, _shift_form)
    ],
    "/staffing/shifts/<int:shift_id>/remove [staffing-shift-remove]": [
        _ui("POST", Made("/staffing/shifts/{id}/remove", "shift"), UI_SUPERVISOR_WRITE)
    ],
    "GET /api/v1/staffing/erlang": [_api("GET", ERLANG, API_ANY)],
    "GET /api/v1/staffing/queues/{team_id}/plan": [
        _api("GET", Made("/api/v1/staffing/queues/{id}/plan", "team"), API_SUPERVISOR)
    ],
    "GET /api/v1/staffing/waiting": [_api("GET", "/api/v1/staffing/waiting", API_ANY)],
    "GET /api/v1/staffing/mine": [_api("GET", "/api/v1/staffing/mine", API_ANY)],
    "POST /api/v1/staffing/items/{item_id}/decline": [
        _api(
            "POST",
            Made("/api/v1/staffing/items/{id}/decline", "item"),
            API_DECLINE,
            lambda w: {"reason": "on a call"},
        )
    ],
    "PUT /api/v1/staffing/presence": [
        _api("PUT", "/api/v1/staffing/presence", API_ANY, lambda w: {"presence": "busy"})
    ],
    "POST /api/v1/staffing/pulse": [
        _api("POST", "/api/v1/staffing/pulse", API_ANY_CREATE, lambda w: PULSE)
    ],
    "GET /api/v1/staffing/shifts": [
        _api(
            "GET", Made("/api/v1/staffing/shifts?team={id}&day=2026-12-01", "team"), API_SUPERVISOR
        )
    ],
    "POST /api/v1/staffing/shifts": [
        _api("POST", "/api/v1/staffing/shifts", API_SUPERVISOR_CREATE, _shift_body)
    ],
}
