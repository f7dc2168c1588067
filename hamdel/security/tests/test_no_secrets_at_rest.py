"""No secret Hamdel issues is kept in clear: not in any table, not in any statement sent
to the database (so not in its WAL either), not in the logs, not in the job queue.

The secrets are API tokens (the API, with and without an Idempotency-Key and its
replay; the tokens page; `hamdel token create`) and the messaging accounts' webhook
secrets and the provider credentials an admin gives them. Each later issuer
(integration URLs' tokens, coupon codes) adds its way of issuing one to ISSUERS.
"""

import io
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from hamdel.test import PASSWORD, ApiClient, Cast

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = re.compile(r"hmd_[A-Za-z0-9_\-]{20,}")


def _by_api(cast: Cast) -> list[str]:
    api = ApiClient(cast.alice.user)
    plain = api.post("/tokens", {"name": "plain"}).json()["token"]
    keyed = api.post("/tokens", {"name": "keyed"}, headers={"Idempotency-Key": "tok-1"})
    replay = api.post("/tokens", {"name": "keyed"}, headers={"Idempotency-Key": "tok-1"})
    assert keyed.status_code == 201
    assert replay.status_code == 409, replay.content
    assert not SECRET.search(replay.content.decode())
    return [api.token, plain, keyed.json()["token"]]


def _by_page(cast: Cast) -> list[str]:
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    return [client.post("/tokens/", {"name": "page"}).context["secret"]]


def _by_command(cast: Cast) -> list[str]:
    out = io.StringIO()
    call_command("token", "create", "alice", stdout=out)
    return [out.getvalue().strip()]


def _by_messaging_accounts(cast: Cast) -> list[str]:
    """A webhook secret Hamdel generates (shown once) and a bot token the admin gives."""
    api = ApiClient(cast.ada.user)
    bot_token = "7000001:AAH" + "q7Zr2LmN9xKp4WvT8sYb3DcF6gHj"
    telegram = api.post(
        "/messaging/accounts", {"kind": "telegram", "name": "Bot", "bot_token": bot_token}
    )
    assert telegram.status_code == 201, telegram.content
    webhook = api.post(
        "/messaging/accounts",
        {"kind": "webhook", "name": "Shop", "outbound_url": "http://127.0.0.1:9/hook"},
    )
    assert webhook.status_code == 201, webhook.content
    return [
        telegram.json()["webhook_secret"],
        webhook.json()["webhook_secret"],
        bot_token,
        api.token,
    ]


ISSUERS: dict[str, Callable[[Cast], list[str]]] = {
    "api": _by_api,
    "tokens page": _by_page,
    "command": _by_command,
    "messaging accounts": _by_messaging_accounts,
}


@contextmanager
def _statements() -> Iterator[list[str]]:
    """Every statement and parameter sent to the database meanwhile, as text."""
    sent: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        sent.append(sql)
        rows = params if many else [params]
        for row in rows or []:
            values = row.values() if isinstance(row, dict) else row
            sent.extend(
                bytes(v).decode("utf-8", "replace") if isinstance(v, bytes | memoryview) else str(v)
                for v in values or []
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield sent


def _table_contents() -> str:
    """Every row of every table, as text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        parts.append(bytes(value).decode("utf-8", "replace"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


def _files_under(*folders: Path) -> str:
    """The bytes of every file Hamdel keeps on disk (the job queue's SQLite file, media)."""
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace")
        for folder in folders
        if folder.exists()
        for path in folder.rglob("*")
        if path.is_file() and path.stat().st_size < 50_000_000
    )


@pytest.mark.parametrize("issuer", ISSUERS)
def test_an_issued_secret_is_kept_nowhere_in_clear(
    cast: Cast, issuer: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with _statements() as sent:
        secrets = ISSUERS[issuer](cast)
    assert secrets
    assert all(secret and len(secret) >= 16 for secret in secrets)
    places = {
        "statements sent to the database": "\n".join(sent),
        "tables": _table_contents(),
        "logs": caplog.text,
        "files under HAMDEL_HOME and MEDIA_ROOT": _files_under(
            Path(settings.HOME), Path(settings.MEDIA_ROOT)
        ),
    }
    for secret in secrets:
        for place, text in places.items():
            assert secret not in text, f"a {issuer} secret is in the {place}"
