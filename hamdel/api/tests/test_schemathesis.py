"""A bounded schemathesis run against /api/v1/openapi.json, in `make test` on SQLite and
PostgreSQL: every operation, positive and negative data, a fixed number of examples.

It asserts 0 server errors, 0 accepted schema-violating requests (negative data must be
refused), 0 undocumented status codes, and responses and content types as declared. The
fuzzer calls as an administrator (who may call everything) with a token made afresh for
every request, so revoking its own token or deactivating itself mid-run stops nothing.
"""

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks as core_checks
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi import checks

from hamdel.api.actions import create_token
from hamdel.people.models import Agent, Role
from hamdel.test import make_agent, make_conversation, make_customer, make_team

# Examples per operation (positive and negative each): ~60 operations at 15 run in about
# a minute per database on an idle machine. HAMDEL_FUZZ_EXAMPLES=200 for a deeper run.
EXAMPLES = int(os.environ.get("HAMDEL_FUZZ_EXAMPLES", "15"))

CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": EXAMPLES, "mode": "all", "deterministic": True},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)
CHECKS = [
    core_checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


@pytest.fixture
def connection_kept() -> Iterator[None]:
    """The WSGI app is called directly, not through Django's test client: keep it from
    closing the test's database connection at the end of each request, as the client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzzer(db: None, connection_kept: None) -> User:
    """An administrator with a little of everything to act on (ids 1, 2, ... exist)."""
    support = make_team("Support")
    make_team("Billing")
    admin = make_agent("fuzzer", role=Role.ADMIN, teams=[support])
    make_agent("alice", teams=[support])
    make_conversation(make_customer("Cyrus"), team=support)
    return admin.user


def _fresh_token(user: User) -> str:
    """The fuzzer as it was: active, an administrator, with a token nobody revoked."""
    User.objects.filter(pk=user.pk).update(is_active=True)
    Agent.objects.filter(user=user).update(role=Role.ADMIN)
    user.refresh_from_db()
    return create_token(user, "fuzz", None)[1]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_answers_every_generated_request_as_its_schema_says(
    case: Any, fuzzer: User
) -> None:
    headers = {"Authorization": f"Bearer {_fresh_token(fuzzer)}"}
    case.call_and_validate(headers=headers, checks=CHECKS)
