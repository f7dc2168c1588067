"""The authorization matrix: every URL pattern and API route, tried as every persona.

`MATRIX` has one entry per route: each Django URL pattern (keyed by its route and name)
and each API operation (keyed by method and path). An entry lists one or more requests,
each with the outcome expected for the five personas, in this order:

    anonymous, other_team_agent (bob, Billing), agent (alice, Support),
    supervisor (sam), admin (ada)

Every request runs against the same world (a conversation on Support with a second
message, an attachment, a note, a tag and a collaborator; one on Billing; customers, a
merge to undo, a saved view, a token and a notification of alice's, an SLA policy and
calendar), one test per request and persona. The world is built once per module in a
transaction and each test runs in a savepoint rolled back after it, so every case
starts from the same state and writes never leak from one case into another. Writes
send a valid body, so a success proves the role gate let the persona through rather
than validation stopping it; where a status cannot tell (a form that redirects either
way), `changed` checks the effect happened for exactly the personas allowed.

`test_every_route_is_in_the_matrix` walks Django's resolver and the API's routers: a new
route fails it until it is added here (or, for an app's own routes, to the `matrix` module
its declarations name), and an entry whose route is gone fails it too.

Django's admin (`/admin/...`) is one entry checked with representative URLs: it guards
itself (only `is_staff` users, which Hamdel gives administrators alone), and its dozens
of generated ModelAdmin URLs would add nothing to what those URLs show. WebSocket
routes are not URL patterns; hamdel/live tests check their own authentication.
"""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponseBase
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from ninja import Router
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import Settings

from hamdel.api.actions import create_token
from hamdel.api.models import ApiToken
from hamdel.api.root import api
from hamdel.audit.models import Event
from hamdel.lib import registry
from hamdel.live.actions import notify
from hamdel.live.models import Notification, NotificationKind
from hamdel.people.actions import merge_customers
from hamdel.people.models import Agent, Customer, Identity, Organisation, Team
from hamdel.sla.models import Calendar, SlaPolicy, TeamCalendar
from hamdel.sla.tests.calendar_factories import OFFICE_HOURS
from hamdel.sla.tests.sla_factories import make_policy, make_stored_calendar
from hamdel.test import Cast, make_agent, make_cast, make_conversation, make_customer
from hamdel.tickets.actions import NewAttachment, add_collaborator, add_message, add_note, set_tags
from hamdel.tickets.models import Attachment, Conversation, Direction, Message, Note, Status
from hamdel.workspace.actions import save_view
from hamdel.workspace.models import Draft, SavedView

MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
PERSONAS = ("anonymous", "other_team_agent", "agent", "supervisor", "admin")
USERNAMES = {"other_team_agent": "bob", "agent": "alice", "supervisor": "sam", "admin": "ada"}
TEAM = frozenset({"agent", "supervisor", "admin"})  # may work on alice's Support conversation

# An expected outcome: an HTTP status, or one of these redirects.
LOGIN = "login"  # 302 to the agent login page
ADMIN_LOGIN = "admin-login"  # 302 to the Django admin's login page
REDIRECT = "redirect"  # 302 anywhere else: the request was accepted
Outcome = int | str
Row = tuple[Outcome, Outcome, Outcome, Outcome, Outcome]

PUBLIC: Row = (200, 200, 200, 200, 200)
ANON_REDIRECT: Row = (REDIRECT,) * 5
# Agent UI: a page or form any agent may use; one on a Support conversation (404 for bob,
# exactly as for a missing one); admins only.
UI_ANY: Row = (LOGIN, 200, 200, 200, 200)
UI_ANY_WRITE: Row = (LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT)
UI_TEAM: Row = (LOGIN, 404, 200, 200, 200)
UI_TEAM_WRITE: Row = (LOGIN, 404, REDIRECT, REDIRECT, REDIRECT)
UI_SUPERVISOR: Row = (LOGIN, 403, 403, 200, 200)
UI_SUPERVISOR_WRITE: Row = (LOGIN, 403, 403, REDIRECT, REDIRECT)
UI_ADMIN: Row = (LOGIN, 403, 403, 403, 200)
UI_ADMIN_WRITE: Row = (LOGIN, 403, 403, 403, REDIRECT)
# API: the same, with 401 for a request without a token.
API_ANY: Row = (401, 200, 200, 200, 200)
API_ANY_CREATE: Row = (401, 201, 201, 201, 201)
API_ANY_DELETE: Row = (401, 204, 204, 204, 204)
API_TEAM: Row = (401, 404, 200, 200, 200)
API_TEAM_CREATE: Row = (401, 404, 201, 201, 201)
API_SUPERVISOR: Row = (401, 403, 403, 200, 200)
API_ADMIN: Row = (401, 403, 403, 403, 200)
API_ADMIN_CREATE: Row = (401, 403, 403, 403, 201)
API_ADMIN_DELETE: Row = (401, 403, 403, 403, 204)

# What an anonymous request may reach: login, password reset, health, API docs and schema,
# the language switch of the login page, and the redirects of `/` and the admin login.
ANONYMOUS_ALLOWED = {
    "/ [home]",
    "/healthz [healthz]",
    "/api/docs [api-docs]",
    "/api/v1/openapi.json [openapi-json]",
    "/login/ [login]",
    "/logout/ [logout]",
    "/language [switch-language]",
    "/password/reset/ [password_reset]",
    "/password/reset/sent/ [password_reset_done]",
    "/password/reset/<uidb64>/<token>/ [password_reset_confirm]",
    "/invitation/<uidb64>/<token>/ [invitation_confirm]",
    "/password/reset/done/ [password_reset_complete]",
    "/admin/ [admin site]",
}


@dataclass
class World:
    """The objects the routes' path parameters and bodies name, made fresh for each test."""

    media: Path  # where the attachment's file is
    cast: Cast
    conversation: Conversation  # on Support: alice's team; not bob's
    other: Conversation  # on Support too, a merge target
    billing: Conversation  # on Billing: bob's team, not alice's
    message: Message  # the conversation's second message, which carries the attachment
    attachment: Attachment
    note: Note
    duplicate: Customer  # a customer to merge into cast.customer
    merged: Customer  # already merged into cast.customer
    merge: Event
    identity: Identity
    saved_view: SavedView  # alice's
    token: ApiToken  # alice's
    notification: Notification  # alice's
    dave: Agent  # an agent administrators act on, collaborating on the conversation
    policy: SlaPolicy
    calendar: Calendar

    def ids(self) -> dict[str, object]:
        return {
            "conversation": self.conversation.pk,
            "other": self.other.pk,
            "other_number": self.other.number,
            "billing": self.billing.pk,
            "message": self.message.pk,
            "attachment": self.attachment.pk,
            "customer": self.cast.customer.pk,
            "duplicate": self.duplicate.pk,
            "merged": self.merged.pk,
            "merge": self.merge.pk,
            "identity": self.identity.pk,
            "saved_view": self.saved_view.pk,
            "token": self.token.pk,
            "notification": self.notification.pk,
            "team": self.cast.billing.pk,
            "support": self.cast.support.pk,
            "agent": self.cast.alice.pk,
            "dave": self.dave.pk,
            "dave_user": self.dave.user_id,
            "sam_user": self.cast.sam.user_id,
            "policy": self.policy.pk,
            "calendar": self.calendar.pk,
        }


def build_world(media: Path) -> World:
    # The settings row exists, as it does once anyone has used Hamdel; a cached copy
    # from an earlier module's rolled-back test must not stand in for it.
    Organisation.forget_loaded()
    Organisation.load()
    cast = make_cast()
    identity = cast.customer.identities.get()
    conversation = make_conversation(cast.customer, team=cast.support)
    other = make_conversation(cast.customer, team=cast.support, subject="Second question")
    billing = make_conversation(cast.customer, team=cast.billing, subject="Invoice")
    message = add_message(
        conversation,
        direction=Direction.INBOUND,
        body_text="Here is the receipt",
        author_customer=cast.customer,
        attachments=[NewAttachment("receipt.txt", "text/plain", b"paid")],
    )
    dave = make_agent("dave")
    add_collaborator(conversation, dave.user, None)
    set_tags(conversation, ["vip"], None)
    merged = make_customer("Cyrus Old")
    return World(
        media=media,
        cast=cast,
        conversation=conversation,
        other=other,
        billing=billing,
        message=message,
        attachment=message.attachments.get(),
        note=add_note(conversation, "Checked the order", cast.alice.user),
        duplicate=make_customer("Cyrus Duplicate"),
        merged=merged,
        merge=merge_customers(merged, cast.customer, None),
        identity=identity,
        saved_view=save_view(cast.alice.user, "Mine", "status=open"),
        token=create_token(cast.alice.user, "laptop", None)[0],
        notification=notify(
            [cast.alice.user], NotificationKind.ASSIGNMENT, conversation, cast.sam.user
        )[0],
        dave=dave,
        policy=make_policy("Phone", channels=["phone"]),
        calendar=make_stored_calendar(holidays={"country": "IR"}),
    )


@pytest.fixture(scope="module")
def world(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[World]:
    """Built once for the module inside a transaction; each test runs in a savepoint of it
    (pytest-django's `db`), so every case starts from this same state and nothing leaks."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=[MD5_HASHER]),
        transaction.atomic(),
    ):
        yield build_world(media)
        transaction.set_rollback(True)


Body = Callable[[World], dict[str, Any]]
Effect = Callable[[World], bool]


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # with {placeholders} from World.ids()
    expect: Row
    body: Body | None = None
    api: bool = False
    multipart: bool = False
    # The write's effect, seen afterwards exactly for the personas in `allowed` (by
    # default, those whose expected outcome is a success).
    changed: Effect | None = None
    allowed: frozenset[str] | None = None
    label: str = ""  # tells apart two requests to the same path in test ids

    def name(self, persona: str) -> str:
        label = f" ({self.label})" if self.label else ""
        return f"{self.method} {self.path}{label} as {persona}"

    def expected(self, persona: str) -> Outcome:
        return self.expect[PERSONAS.index(persona)]

    def is_allowed(self, persona: str) -> bool:
        if self.allowed is not None:
            return persona in self.allowed
        outcome = self.expected(persona)
        return outcome == REDIRECT or (isinstance(outcome, int) and 200 <= outcome < 300)


def get(path: str, expect: Row) -> Case:
    return Case("GET", path, expect)


def post(path: str, expect: Row, body: Body | None = None, **options: Any) -> Case:
    return Case("POST", path, expect, body, **options)


def api_case(method: str, path: str, expect: Row, body: Body | None = None, **options: Any) -> Case:
    return Case(method, f"/api/v1{path}", expect, body, api=True, **options)


def conversation_of(world: World) -> Conversation:
    return Conversation.objects.get(pk=world.conversation.pk)


def customer_of(pk: int) -> Customer:
    return Customer.objects.get(pk=pk)


def status_is(status: str) -> Effect:
    return lambda world: conversation_of(world).status == status


NEW_PASSWORD = "a much longer passphrase 2024"
CALENDAR_FILE: dict[str, Any] = {
    "name": "Tehran support",
    "timezone": "Asia/Tehran",
    "periods": {"sat": OFFICE_HOURS, "sun": OFFICE_HOURS},
}

MATRIX: dict[str, list[Case]] = {
    # Public pages
    "/healthz [healthz]": [get("/healthz", PUBLIC)],
    "/api/docs [api-docs]": [get("/api/docs", PUBLIC)],
    "/api/v1/openapi.json [openapi-json]": [get("/api/v1/openapi.json", PUBLIC)],
    "/api/v1/ [api-root]": [get("/api/v1/", (404,) * 5)],  # no browsable docs here
    "/ [home]": [get("/", ANON_REDIRECT)],
    "/login/ [login]": [get("/login/", (200, REDIRECT, REDIRECT, REDIRECT, REDIRECT))],
    # Signing out lands on the login page, like a refusal, but it is a change the signed-in
    # personas may make (their presence goes offline, staffing's receiver).
    "/logout/ [logout]": [
        get("/logout/", (405,) * 5),
        post("/logout/", (LOGIN,) * 5, allowed=frozenset(PERSONAS) - {"anonymous"}),
    ],
    "/language [switch-language]": [
        post("/language", ANON_REDIRECT, lambda w: {"language": "fa"}),
    ],
    "/password/reset/ [password_reset]": [
        get("/password/reset/", PUBLIC),
        post("/password/reset/", ANON_REDIRECT, lambda w: {"email": "alice@example.com"}),
    ],
    "/password/reset/sent/ [password_reset_done]": [get("/password/reset/sent/", PUBLIC)],
    "/password/reset/<uidb64>/<token>/ [password_reset_confirm]": [
        get("/password/reset/MQ/not-a-token/", PUBLIC)  # an invalid link says so
    ],
    "/invitation/<uidb64>/<token>/ [invitation_confirm]": [
        get("/invitation/MQ/not-a-token/", PUBLIC)  # an invalid link says so
    ],
    "/password/reset/done/ [password_reset_complete]": [get("/password/reset/done/", PUBLIC)],
    "/password/change/ [password_change]": [
        get("/password/change/", UI_ANY),
        post(
            "/password/change/",
            UI_ANY_WRITE,
            lambda w: {
                "old_password": "correct horse battery staple",
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        ),
    ],
    "/password/change/done/ [password_change_done]": [get("/password/change/done/", UI_ANY)],
    # The inbox and the agent's own pages
    "/inbox/ [inbox]": [get("/inbox/", UI_ANY)],
    "/search/ [search]": [get("/search/?q=order", UI_ANY)],
    "/inbox/export.csv [export-csv]": [get("/inbox/export.csv", UI_ANY)],
    "/inbox/bulk [bulk]": [
        post(
            "/inbox/bulk",
            UI_ANY_WRITE,  # bob's request is accepted but changes nothing he cannot see
            lambda w: {"ids": [w.conversation.pk], "action": "status", "status": "on_hold"},
            changed=status_is(Status.ON_HOLD),
            allowed=TEAM,
        )
    ],
    "/inbox/views [save-view]": [
        post(
            "/inbox/views",
            UI_ANY_WRITE,
            lambda w: {"name": "Urgent", "query": "priority=urgent"},
            changed=lambda w: SavedView.objects.filter(name="Urgent").exists(),
        )
    ],
    "/inbox/views/<int:view_id>/delete [delete-saved-view]": [
        post(
            "/inbox/views/{saved_view}/delete",
            UI_ANY_WRITE,  # only the owner's own view goes
            changed=lambda w: not SavedView.objects.filter(pk=w.saved_view.pk).exists(),
            allowed=frozenset({"agent"}),
        )
    ],
    "/me/ [preferences]": [
        get("/me/", UI_ANY),
        post("/me/", UI_ANY_WRITE, lambda w: {"ui_language": "en", "timezone": "Asia/Tehran"}),
    ],
    "/audit/ [audit]": [get("/audit/?conversation={conversation}", UI_SUPERVISOR)],
    # A conversation on Support
    "/conversations/<int:pk>/ [conversation]": [get("/conversations/{conversation}/", UI_TEAM)],
    "/conversations/<int:pk>/reply [reply]": [
        post(
            "/conversations/{conversation}/reply",
            UI_TEAM_WRITE,
            lambda w: {"body": "On its way."},
            changed=lambda w: w.conversation.messages.filter(body_text="On its way.").exists(),
        )
    ],
    "/conversations/<int:pk>/note [note]": [
        post(
            "/conversations/{conversation}/note",
            UI_TEAM_WRITE,
            lambda w: {"body": "Refund approved"},
            changed=lambda w: w.conversation.notes.filter(body="Refund approved").exists(),
        )
    ],
    "/conversations/<int:pk>/draft [save-draft]": [
        post(
            "/conversations/{conversation}/draft",
            UI_TEAM,
            lambda w: {"body": "Dear Cyrus"},
            changed=lambda w: Draft.objects.filter(conversation=w.conversation).exists(),
        )
    ],
    "/conversations/<int:pk>/take [take]": [
        post(
            "/conversations/{conversation}/take",
            UI_TEAM_WRITE,
            changed=lambda w: conversation_of(w).assignee_id is not None,
        )
    ],
    "/conversations/<int:pk>/assign [assign]": [
        post(
            "/conversations/{conversation}/assign",
            UI_TEAM_WRITE,
            lambda w: {"assignee": str(w.dave.user_id), "team": str(w.cast.support.pk)},
            changed=lambda w: conversation_of(w).assignee_id == w.dave.user_id,
        )
    ],
    "/conversations/<int:pk>/properties [properties]": [
        post(
            "/conversations/{conversation}/properties",
            UI_TEAM_WRITE,
            lambda w: {"status": "waiting", "priority": "high", "category": "refund"},
            changed=lambda w: conversation_of(w).priority == "high",
        )
    ],
    "/conversations/<int:pk>/solve [solve]": [
        post(
            "/conversations/{conversation}/solve",
            UI_TEAM_WRITE,
            changed=status_is(Status.SOLVED),
        )
    ],
    "/conversations/<int:pk>/tags [tags]": [
        post(
            "/conversations/{conversation}/tags",
            UI_TEAM_WRITE,
            lambda w: {"tags": "refund late"},
            changed=lambda w: w.conversation.tags.filter(name="late").exists(),
        )
    ],
    "/conversations/<int:pk>/collaborators [collaborator]": [
        post(
            "/conversations/{conversation}/collaborators",
            UI_TEAM_WRITE,
            lambda w: {"user": str(w.cast.sam.user_id)},
            changed=lambda w: w.conversation.collaborators.filter(pk=w.cast.sam.user_id).exists(),
        )
    ],
    "/conversations/<int:pk>/merge [merge]": [
        post(
            "/conversations/{conversation}/merge",
            UI_TEAM_WRITE,
            lambda w: {"target": f"#{w.other.number}"},
            changed=lambda w: conversation_of(w).merged_into_id == w.other.pk,
        ),
        post(  # into a conversation of a team alice is not on: only those who see all
            "/conversations/{conversation}/merge",
            UI_TEAM_WRITE,
            lambda w: {"target": f"#{w.billing.number}"},
            changed=lambda w: conversation_of(w).merged_into_id == w.billing.pk,
            allowed=frozenset({"supervisor", "admin"}),
            label="into Billing's",
        ),
    ],
    "/messages/<int:message_id>/split [split]": [
        post(
            "/messages/{message}/split",
            UI_TEAM_WRITE,
            changed=lambda w: (
                Message.objects.get(pk=w.message.pk).conversation_id != w.conversation.pk
            ),
        )
    ],
    "/messages/<int:message_id>/retry [retry-delivery]": [
        post("/messages/{message}/retry", UI_TEAM_WRITE)
    ],
    # Customers: shared by every agent
    "/customers/ [customers]": [get("/customers/", UI_ANY)],
    "/customers/<int:pk>/ [customer]": [get("/customers/{customer}/", UI_ANY)],
    "/customers/<int:pk>/edit [edit-customer]": [
        post(
            "/customers/{customer}/edit",
            UI_ANY_WRITE,
            lambda w: {"name": "Cyrus F.", "language": "", "tier": "vip"},
            changed=lambda w: customer_of(w.cast.customer.pk).name == "Cyrus F.",
        )
    ],
    "/customers/<int:pk>/identities [add-identity]": [
        post(
            "/customers/{customer}/identities",
            UI_ANY_WRITE,
            lambda w: {"kind": "email", "value": "cyrus@example.org"},
            changed=lambda w: Identity.objects.filter(value="cyrus@example.org").exists(),
        )
    ],
    "/customers/<int:pk>/identities/<int:identity_id>/remove [remove-identity]": [
        post(
            "/customers/{customer}/identities/{identity}/remove",
            UI_ANY_WRITE,
            changed=lambda w: not Identity.objects.filter(pk=w.identity.pk).exists(),
        )
    ],
    # Merging customers is for supervisors and admins, in the UI as in the API.
    "/customers/<int:pk>/merge [merge-customer]": [
        post(
            "/customers/{duplicate}/merge",
            UI_SUPERVISOR_WRITE,
            lambda w: {"target": str(w.cast.customer.pk)},
            changed=lambda w: customer_of(w.duplicate.pk).merged_into_id is not None,
        )
    ],
    "/customers/<int:pk>/unmerge/<int:event_id> [unmerge-customer]": [
        post(
            "/customers/{customer}/unmerge/{merge}",
            UI_SUPERVISOR_WRITE,
            changed=lambda w: customer_of(w.merged.pk).merged_into_id is None,
        )
    ],
    # Administrators' pages
    "/staff/ [staff]": [get("/staff/", UI_ADMIN)],
    "/staff/invite [invite]": [
        post(
            "/staff/invite",
            UI_ADMIN_WRITE,
            lambda w: {"username": "erin", "email": "erin@example.com", "role": "agent"},
            changed=lambda w: User.objects.filter(username="erin").exists(),
        )
    ],
    "/staff/<int:pk>/ [agent]": [
        get("/staff/{dave}/", UI_ADMIN),
        post(
            "/staff/{dave}/",
            UI_ADMIN_WRITE,
            lambda w: {
                "role": "supervisor",
                "timezone": "UTC",
                "ui_language": "en",
                "teams": [w.cast.support.pk],
            },
            changed=lambda w: Agent.objects.get(pk=w.dave.pk).role == "supervisor",
        ),
    ],
    "/staff/<int:pk>/access [agent-access]": [
        post(
            "/staff/{dave}/access",
            UI_ADMIN_WRITE,
            lambda w: {"step": "deactivate"},
            changed=lambda w: not User.objects.get(pk=w.dave.user_id).is_active,
        )
    ],
    "/teams/ [teams]": [
        get("/teams/", UI_ADMIN),
        post(
            "/teams/",
            UI_ADMIN_WRITE,
            lambda w: {"name": "Sales", "timezone": "UTC"},
            changed=lambda w: Team.objects.filter(name="Sales").exists(),
        ),
    ],
    "/teams/<int:pk>/ [team]": [
        get("/teams/{team}/", UI_ADMIN),
        post(
            "/teams/{team}/",
            UI_ADMIN_WRITE,
            lambda w: {"name": "Accounts", "timezone": "UTC"},
            changed=lambda w: Team.objects.filter(name="Accounts").exists(),
        ),
    ],
    "/settings/ [organisation]": [
        get("/settings/", UI_ADMIN),
        post(
            "/settings/",
            UI_ADMIN_WRITE,
            lambda w: {
                "name": "Hamdel Ltd",
                "default_language": "en",
                "timezone": "UTC",
                "phone_region": "IR",
            },
            changed=lambda w: Organisation.load().name == "Hamdel Ltd",
        ),
    ],
    # SLA policies and business calendars: administrators only
    "/sla/policies/ [sla-policies]": [get("/sla/policies/", UI_ADMIN)],
    "/sla/policies/new [sla-new-policy]": [
        get("/sla/policies/new", UI_ADMIN),
        post(
            "/sla/policies/new",
            UI_ADMIN_WRITE,
            lambda w: {"name": "VIP", "warning_percent": 80, "on_reopen": "restart"},
            changed=lambda w: SlaPolicy.objects.filter(name="VIP").exists(),
        ),
    ],
    "/sla/policies/<int:pk>/ [sla-policy]": [
        get("/sla/policies/{policy}/", UI_ADMIN),
        post(
            "/sla/policies/{policy}/",
            UI_ADMIN_WRITE,
            lambda w: {"name": "Phone", "warning_percent": 50, "on_reopen": "restart"},
            changed=lambda w: SlaPolicy.objects.get(pk=w.policy.pk).warning_percent == 50,
        ),
    ],
    "/sla/policies/<int:pk>/move [sla-move-policy]": [
        post(
            "/sla/policies/{policy}/move",
            UI_ADMIN_WRITE,
            lambda w: {"direction": "down"},
        )
    ],
    "/sla/policies/<int:pk>/remove [sla-remove-policy]": [
        post(
            "/sla/policies/{policy}/remove",
            UI_ADMIN_WRITE,
            changed=lambda w: not SlaPolicy.objects.filter(pk=w.policy.pk).exists(),
        )
    ],
    "/sla/calendars/ [sla-calendars]": [
        get("/sla/calendars/", UI_ADMIN),
        post(
            "/sla/calendars/",
            UI_ADMIN_WRITE,
            lambda w: {
                "file": SimpleUploadedFile("tehran.json", json.dumps(CALENDAR_FILE).encode())
            },
            changed=lambda w: Calendar.objects.filter(name="Tehran support").exists(),
        ),
    ],
    "/sla/calendars/<int:pk>/export [sla-export-calendar]": [
        get("/sla/calendars/{calendar}/export", UI_ADMIN),
    ],
    "/sla/calendars/teams [sla-team-calendar]": [
        post(
            "/sla/calendars/teams",
            UI_ADMIN_WRITE,
            lambda w: {"team": w.cast.support.pk, "calendar": w.calendar.pk},
            changed=lambda w: TeamCalendar.objects.filter(team=w.cast.support).exists(),
        )
    ],
    # API tokens page: one's own tokens only
    "/tokens/ [tokens]": [
        get("/tokens/", UI_ANY),
        post("/tokens/", UI_ANY, lambda w: {"name": "script"}),
    ],
    "/tokens/<int:pk>/revoke [revoke-token]": [
        post("/tokens/{token}/revoke", (LOGIN, 404, REDIRECT, 404, 404)),
    ],
    # Django's admin: staff (administrators) only
    "/admin/ [admin site]": [
        get("/admin/", (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200)),
        get("/admin/people/agent/", (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200)),
        get(
            "/admin/sla/slapolicy/{policy}/change/",
            (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200),
        ),
        get("/admin/login/", (200, 200, 200, 200, REDIRECT)),
    ],
    # API: people
    "GET /api/v1/customers": [api_case("GET", "/customers", API_ANY)],
    "POST /api/v1/customers": [
        api_case("POST", "/customers", API_ANY_CREATE, lambda w: {"name": "Dara"}),
    ],
    "GET /api/v1/customers/{customer_id}": [
        api_case("GET", "/customers/{customer}", API_ANY),
    ],
    "PATCH /api/v1/customers/{customer_id}": [
        api_case("PATCH", "/customers/{customer}", API_ANY, lambda w: {"tier": "vip"}),
    ],
    "POST /api/v1/customers/{customer_id}/identities": [
        api_case(
            "POST",
            "/customers/{customer}/identities",
            API_ANY_CREATE,
            lambda w: {"kind": "email", "value": "cyrus@example.org"},
        )
    ],
    "DELETE /api/v1/customers/{customer_id}/identities/{identity_id}": [
        api_case("DELETE", "/customers/{customer}/identities/{identity}", API_ANY_DELETE),
    ],
    "POST /api/v1/customers/{customer_id}/merge": [
        api_case(
            "POST",
            "/customers/{duplicate}/merge",
            API_SUPERVISOR,
            lambda w: {"target_id": w.cast.customer.pk},
            changed=lambda w: customer_of(w.duplicate.pk).merged_into_id is not None,
        )
    ],
    "POST /api/v1/customers/{customer_id}/unmerge": [
        api_case(
            "POST",
            "/customers/{merged}/unmerge",
            API_SUPERVISOR,
            changed=lambda w: customer_of(w.merged.pk).merged_into_id is None,
        )
    ],
    "GET /api/v1/teams": [api_case("GET", "/teams", API_ANY)],
    "POST /api/v1/teams": [
        api_case("POST", "/teams", API_ADMIN_CREATE, lambda w: {"name": "Sales"}),
    ],
    "GET /api/v1/teams/{team_id}": [api_case("GET", "/teams/{team}", API_ANY)],
    "PATCH /api/v1/teams/{team_id}": [
        api_case("PATCH", "/teams/{team}", API_ADMIN, lambda w: {"brand_name": "Hamdel Pay"}),
    ],
    "GET /api/v1/agents": [api_case("GET", "/agents", API_ANY)],
    "POST /api/v1/agents": [
        api_case("POST", "/agents", API_ADMIN_CREATE, lambda w: {"username": "erin"}),
    ],
    "GET /api/v1/agents/{agent_id}": [api_case("GET", "/agents/{agent}", API_ANY)],
    "PATCH /api/v1/agents/{agent_id}": [
        # alice may set her own presence; only administrators change another agent
        api_case(
            "PATCH",
            "/agents/{agent}",
            (401, 403, 200, 403, 200),
            lambda w: {"presence": "away"},
            label="own presence",
        ),
        api_case(
            "PATCH", "/agents/{agent}", API_ADMIN, lambda w: {"role": "supervisor"}, label="role"
        ),
    ],
    "GET /api/v1/organisation": [api_case("GET", "/organisation", API_ANY)],
    "PATCH /api/v1/organisation": [
        api_case("PATCH", "/organisation", API_ADMIN, lambda w: {"name": "Hamdel Ltd"}),
    ],
    # API: conversations
    "GET /api/v1/conversations": [api_case("GET", "/conversations", API_ANY)],
    "POST /api/v1/conversations": [
        api_case(
            "POST",
            "/conversations",
            API_ANY_CREATE,
            lambda w: {
                "subject": "Refund",
                "channel": "email",
                "customer": {"name": "Dara", "email": "dara@example.com"},
                "message": {"body": "Please refund me"},
            },
        )
    ],
    "GET /api/v1/conversations/{conversation_id}": [
        api_case("GET", "/conversations/{conversation}", API_TEAM),
    ],
    "PATCH /api/v1/conversations/{conversation_id}": [
        api_case(
            "PATCH", "/conversations/{conversation}", API_TEAM, lambda w: {"priority": "high"}
        ),
    ],
    "POST /api/v1/conversations/{conversation_id}/assign": [
        api_case(
            "POST",
            "/conversations/{conversation}/assign",
            API_TEAM,
            lambda w: {"assignee_id": w.dave.user_id},
        ),
        api_case(  # a hand-off to a team alice is not on: allowed, and it happens
            "POST",
            "/conversations/{conversation}/assign",
            API_TEAM,
            lambda w: {"team_id": w.cast.billing.pk},
            changed=lambda w: conversation_of(w).team_id == w.cast.billing.pk,
            label="to Billing",
        ),
    ],
    "POST /api/v1/conversations/{conversation_id}/status": [
        api_case(
            "POST", "/conversations/{conversation}/status", API_TEAM, lambda w: {"status": "open"}
        )
    ],
    "POST /api/v1/conversations/{conversation_id}/merge": [
        api_case(
            "POST",
            "/conversations/{conversation}/merge",
            API_TEAM,
            lambda w: {"target_id": w.other.pk},
        ),
        api_case(
            "POST",
            "/conversations/{conversation}/merge",
            (401, 404, 404, 200, 200),  # each sees one of the two: as if it were missing
            lambda w: {"target_id": w.billing.pk},
            label="into Billing's",
        ),
    ],
    "POST /api/v1/messages/{message_id}/split": [
        api_case("POST", "/messages/{message}/split", API_TEAM_CREATE),
    ],
    "POST /api/v1/conversations/{conversation_id}/messages/{message_id}/retry": [
        api_case("POST", "/conversations/{conversation}/messages/{message}/retry", API_TEAM),
    ],
    "POST /api/v1/conversations/{conversation_id}/messages": [
        api_case(
            "POST",
            "/conversations/{conversation}/messages",
            API_TEAM_CREATE,
            lambda w: {"body": "On its way."},
        )
    ],
    "POST /api/v1/conversations/{conversation_id}/messages/upload": [
        api_case(
            "POST",
            "/conversations/{conversation}/messages/upload",
            API_TEAM_CREATE,
            lambda w: {"body": "The label"},
            multipart=True,
        )
    ],
    "POST /api/v1/conversations/{conversation_id}/notes": [
        api_case(
            "POST",
            "/conversations/{conversation}/notes",
            API_TEAM_CREATE,
            lambda w: {"body": "Refund approved"},
        )
    ],
    "PUT /api/v1/conversations/{conversation_id}/tags": [
        api_case(
            "PUT", "/conversations/{conversation}/tags", API_TEAM, lambda w: {"tags": ["late"]}
        )
    ],
    "POST /api/v1/conversations/{conversation_id}/tags": [
        api_case(
            "POST", "/conversations/{conversation}/tags", API_TEAM, lambda w: {"tags": ["late"]}
        )
    ],
    "DELETE /api/v1/conversations/{conversation_id}/tags/{tag}": [
        api_case("DELETE", "/conversations/{conversation}/tags/vip", API_TEAM),
    ],
    "POST /api/v1/conversations/{conversation_id}/collaborators": [
        api_case(
            "POST",
            "/conversations/{conversation}/collaborators",
            API_TEAM,
            lambda w: {"user_id": w.cast.sam.user_id},
        )
    ],
    "DELETE /api/v1/conversations/{conversation_id}/collaborators/{user_id}": [
        api_case("DELETE", "/conversations/{conversation}/collaborators/{dave_user}", API_TEAM),
    ],
    "GET /api/v1/attachments/{attachment_id}": [
        api_case("GET", "/attachments/{attachment}", API_TEAM),
    ],
    "GET /api/v1/search": [api_case("GET", "/search?q=order", API_ANY)],
    "GET /api/v1/tags": [api_case("GET", "/tags", API_ANY)],
    # API: one's own tokens and notifications
    "GET /api/v1/tokens": [api_case("GET", "/tokens", API_ANY)],
    "POST /api/v1/tokens": [
        api_case("POST", "/tokens", API_ANY_CREATE, lambda w: {"name": "script"}),
    ],
    "DELETE /api/v1/tokens/{token_id}": [
        api_case(
            "DELETE",
            "/tokens/{token}",
            (401, 404, 204, 404, 404),
            changed=lambda w: ApiToken.objects.get(pk=w.token.pk).revoked_at is not None,
        ),
    ],
    "GET /api/v1/notifications": [api_case("GET", "/notifications", API_ANY)],
    "POST /api/v1/notifications/read": [
        api_case(
            "POST",
            "/notifications/read",
            API_ANY,
            lambda w: {"ids": [w.notification.pk]},
            changed=lambda w: Notification.objects.get(pk=w.notification.pk).read_at is not None,
            allowed=frozenset({"agent"}),  # only the recipient marks it read
        )
    ],
    # API: SLA; every agent reads, administrators write
    "GET /api/v1/sla/policies": [api_case("GET", "/sla/policies", API_ANY)],
    "POST /api/v1/sla/policies": [
        api_case("POST", "/sla/policies", API_ADMIN_CREATE, lambda w: {"name": "VIP"}),
    ],
    "GET /api/v1/sla/policies/{policy_id}": [
        api_case("GET", "/sla/policies/{policy}", API_ANY),
    ],
    "PATCH /api/v1/sla/policies/{policy_id}": [
        api_case(
            "PATCH",
            "/sla/policies/{policy}",
            API_ADMIN,
            lambda w: {"first_response_minutes": 30},
        )
    ],
    "DELETE /api/v1/sla/policies/{policy_id}": [
        api_case(
            "DELETE",
            "/sla/policies/{policy}",
            API_ADMIN_DELETE,
            changed=lambda w: not SlaPolicy.objects.filter(pk=w.policy.pk).exists(),
        )
    ],
    "POST /api/v1/sla/policies/reorder": [
        api_case("POST", "/sla/policies/reorder", API_ADMIN, lambda w: {"ids": [w.policy.pk]}),
    ],
    "GET /api/v1/sla/calendars": [api_case("GET", "/sla/calendars", API_ANY)],
    "POST /api/v1/sla/calendars/import": [
        api_case("POST", "/sla/calendars/import", API_ADMIN_CREATE, lambda w: CALENDAR_FILE),
    ],
    "GET /api/v1/sla/calendars/{calendar_id}/export": [
        api_case("GET", "/sla/calendars/{calendar}/export", API_ANY),
    ],
    "GET /api/v1/sla/calendars/{calendar_id}/holidays": [
        api_case("GET", "/sla/calendars/{calendar}/holidays?year=2025", API_ANY),
    ],
    "PUT /api/v1/sla/calendars/{calendar_id}/holidays/{day}": [
        api_case(
            "PUT",
            "/sla/calendars/{calendar}/holidays/2025-03-21",
            API_ADMIN,
            lambda w: {"name": "Nowruz"},
        )
    ],
    "GET /api/v1/sla/teams/{team_id}/calendar": [
        api_case("GET", "/sla/teams/{support}/calendar", API_ANY),
    ],
    "PUT /api/v1/sla/teams/{team_id}/calendar": [
        api_case(
            "PUT",
            "/sla/teams/{support}/calendar",
            API_ADMIN,
            lambda w: {"calendar_id": w.calendar.pk},
            changed=lambda w: TeamCalendar.objects.filter(team=w.cast.support).exists(),
        )
    ],
}


def _add_declared_entries() -> None:
    """Add each app's own entries, from the `matrix` module its declarations name
    (hamdel.lib.registry), so a new app's routes are covered without editing this file.

    Such a module's `MATRIX` is keyed like this one; each case is a dict of `Case`'s
    fields, so it needs nothing from here: {"method": "GET", "path": "/api/v1/...",
    "api": True, "expect": (401, 200, 200, 200, 200)}; "login" and "redirect" are LOGIN
    and REDIRECT, and `body` and `changed` take the World. Its own routes that anonymous
    visitors may reach are in its `ANONYMOUS_ALLOWED`, a set of its keys.
    """
    for name in registry.matrix_modules():
        module = import_module(name)
        for key, cases in module.MATRIX.items():
            if key in MATRIX:
                raise ValueError(f"{name} lists {key!r}, which the matrix already has")
            MATRIX[key] = [Case(**case) for case in cases]
        public = set(getattr(module, "ANONYMOUS_ALLOWED", ()))
        if not public <= module.MATRIX.keys():
            raise ValueError(f"{name} allows anonymous visitors routes it does not list")
        ANONYMOUS_ALLOWED.update(public)


_add_declared_entries()


# Enumerating the routes


def _placeholders(path: str) -> str:
    """'<int:pk>' and '{int:pk}' -> '{pk}', so Django and ninja spell paths alike."""
    return re.sub(r"[<{](?:\w+:)?(\w+)[>}]", r"{\1}", path)


def _walk_django(
    patterns: list[URLPattern | URLResolver], prefix: str, namespaces: tuple[str, ...]
) -> Iterator[tuple[str, str | None, tuple[str, ...]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk_django(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield prefix + str(pattern.pattern), pattern.name, namespaces


def _walk_router(prefix: str, router: Router) -> Iterator[tuple[str, str]]:
    for path, view in router.path_operations.items():
        for operation in view.operations:
            for method in operation.methods:
                yield method, re.sub("/+", "/", f"/{prefix}/{path}")
    for child_prefix, child, *_tags in router._routers:
        yield from _walk_router(f"{prefix}/{child_prefix}", child)


def api_routes() -> set[str]:
    """'METHOD /api/v1/path' of every operation of every router of the API."""
    return {
        f"{method} /api/v1{_placeholders(path)}"
        for prefix, router in api._routers
        for method, path in _walk_router(prefix, router)
    }


def django_routes() -> set[str]:
    """'/route [name]' of every URL pattern but the API's operations; the admin is one."""
    operations = {key.split(" ", 1)[1] for key in api_routes()}
    routes = set()
    for route, name, namespaces in _walk_django(get_resolver().url_patterns, "/", ()):
        if "admin" in namespaces:
            routes.add("/admin/ [admin site]")
        elif not ("api-v1" in namespaces and _placeholders(route) in operations):
            routes.add(f"{route} [{name}]")
    return routes


# The requests


# Outcomes that refuse the request: such a request must change nothing.
REFUSED = frozenset({LOGIN, ADMIN_LOGIN, 401, 403, 404, 405})
# Not the product's data: sessions come and go with logging in and out.
NOT_STATE = frozenset({"sessions.Session"})


def _state() -> dict[str, object]:
    """Every table's row count and latest updated_at (where it has one). An audited
    refusal (`*.change_refused`) is the one row a refused request may add."""
    state: dict[str, object] = {}
    for model in apps.get_models():
        label = model._meta.label
        if label in NOT_STATE:
            continue
        rows = model._default_manager.all()
        if model is Event:
            rows = rows.exclude(verb__endswith=".change_refused")
        state[label] = rows.count()
        if any(field.name == "updated_at" for field in model._meta.concrete_fields):
            state[f"{label}.updated_at"] = rows.aggregate(latest=Max("updated_at"))["latest"]
    return state


def _send(case: Case, persona: str, world: World) -> tuple[HttpResponseBase, dict[str, object]]:
    """The response, and the state just before the request (after signing in)."""
    path = case.path.format(**world.ids())
    body = case.body(world) if case.body else None
    client = Client()
    user = None if persona == "anonymous" else User.objects.get(username=USERNAMES[persona])
    headers: dict[str, str] = {}
    if case.api:
        if user is not None:
            headers["Authorization"] = f"Bearer {create_token(user, 'matrix', None)[1]}"
    elif user is not None:
        client.force_login(user)
    before = _state()
    if case.method == "GET":
        return client.get(path, headers=headers), before
    if case.api and not case.multipart:
        return client.generic(
            case.method,
            path,
            json.dumps(body or {}),
            content_type="application/json",
            headers=headers,
        ), before
    assert case.method == "POST", "form requests are GET or POST"
    return client.post(path, body or {}, headers=headers), before


def _describe(response: HttpResponseBase) -> Outcome:
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith("/login/"):
        return LOGIN
    if location.startswith("/admin/login/"):
        return ADMIN_LOGIN
    return REDIRECT


CASES = [
    pytest.param(case, persona, id=case.name(persona))
    for cases in MATRIX.values()
    for case in cases
    for persona in PERSONAS
]


@pytest.mark.parametrize(("case", "persona"), CASES)
def test_the_route_answers_the_persona_as_the_matrix_says(
    world: World, db: None, settings: Settings, case: Case, persona: str
) -> None:
    settings.MEDIA_ROOT = world.media
    response, before = _send(case, persona, world)
    detail = getattr(response, "content", b"")[:300]
    assert _describe(response) == case.expected(persona), detail
    if case.changed is not None:
        assert case.changed(world) == case.is_allowed(persona), "the write's effect"
    if case.expected(persona) in REFUSED and not case.is_allowed(persona):
        assert _state() == before, "a refused request changed something"


def test_every_route_is_in_the_matrix() -> None:
    routed = django_routes() | api_routes()
    missing = sorted(routed - MATRIX.keys())
    stale = sorted(MATRIX.keys() - routed)
    problems = [f"not in MATRIX: {key}" for key in missing]
    problems += [f"in MATRIX but no longer routed: {key}" for key in stale]
    assert problems == [], "\n".join(problems)


def test_anonymous_reaches_only_the_public_routes() -> None:
    refused = {LOGIN, ADMIN_LOGIN, 401, 404, 405}
    public = {
        key
        for key, cases in MATRIX.items()
        if any(case.expected("anonymous") not in refused for case in cases)
    }
    assert public <= ANONYMOUS_ALLOWED, sorted(public - ANONYMOUS_ALLOWED)


def test_every_entry_tries_every_persona_and_each_case_is_named_once() -> None:
    assert all(len(case.expect) == len(PERSONAS) for cases in MATRIX.values() for case in cases)
    ids = [param.id for param in CASES]
    assert len(ids) == len(set(ids))
