"""Shared test personas and plain factory functions.

The personas: Cyrus the customer; Alice an agent on Support; Bob an agent on
Billing (another team); Sam a supervisor; Ada the administrator.
"""

import itertools
import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from hamdel.api.actions import create_token
from hamdel.people.actions import create_agent, create_customer, create_team
from hamdel.people.models import Agent, Customer, IdentityKind, Role, Team
from hamdel.tickets.actions import open_conversation
from hamdel.tickets.models import Channel, Conversation

PASSWORD = "correct horse battery staple"
_serial = itertools.count(1)


def make_team(name: str = "Support", **fields: Any) -> Team:
    return create_team(name, None, **fields)


def make_agent(
    username: str, *, role: str = Role.AGENT, teams: list[Team] | None = None, **fields: Any
) -> Agent:
    return create_agent(username, None, password=PASSWORD, role=role, teams=teams or [], **fields)


def make_customer(name: str = "Cyrus Farahani", **fields: Any) -> Customer:
    email = f"customer-{next(_serial)}@example.com"
    fields.setdefault("identities", [(IdentityKind.EMAIL, email)])
    return create_customer(name, None, **fields)


def make_conversation(
    customer: Customer | None = None, *, body: str = "Where is my order?", **overrides: Any
) -> Conversation:
    overrides.setdefault("channel", Channel.EMAIL)
    overrides.setdefault("subject", "Order question")
    return open_conversation(customer=customer or make_customer(), body_text=body, **overrides)


class ApiClient:
    """Django's test client speaking JSON with a bearer token."""

    def __init__(self, user: User) -> None:
        _token, self.token = create_token(user, "tests", None)
        self.client = Client()

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self._headers(None))

    def post(self, path: str, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(data or {}),
            content_type="application/json",
            headers=self._headers(headers),
        )

    def post_files(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(f"/api/v1{path}", data, headers=self._headers(None))

    def patch(self, path: str, data: Any) -> Any:
        return self.client.patch(
            f"/api/v1{path}",
            json.dumps(data),
            content_type="application/json",
            headers=self._headers(None),
        )

    def put(self, path: str, data: Any) -> Any:
        return self.client.put(
            f"/api/v1{path}",
            json.dumps(data),
            content_type="application/json",
            headers=self._headers(None),
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(f"/api/v1{path}", headers=self._headers(None))


@dataclass
class Cast:
    support: Team
    billing: Team
    customer: Customer
    alice: Agent
    bob: Agent
    sam: Agent
    ada: Agent


def make_cast() -> Cast:
    support = make_team("Support")
    billing = make_team("Billing")
    return Cast(
        support=support,
        billing=billing,
        customer=make_customer("Cyrus Farahani"),
        alice=make_agent("alice", teams=[support]),
        bob=make_agent("bob", teams=[billing]),
        sam=make_agent("sam", role=Role.SUPERVISOR, teams=[support]),
        ada=make_agent("ada", role=Role.ADMIN),
    )
