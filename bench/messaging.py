"""Messaging benchmark: inbound webhook requests per second with 50 clients, and the time
from an agent's reply to the provider receiving it.

For each database a fresh HAMDEL_HOME (and, for PostgreSQL, a database of its own,
`hamdel_bench_messaging`, made anew at every run, with Redis database 8) gets the real
servers: `hamdel run` on SQLite, `hamdel web` × 2 + `hamdel worker` on PostgreSQL +
Redis. A Telegram account is connected whose API base URL is a fake Bot API served by
this process on 127.0.0.1. Then:

- 50 client threads, each its own keep-alive connection, post Telegram updates to the
  webhook with the secret token: each request is the whole door (the secret checked,
  the update deduplicated, receive_message: customer, conversation, text pipeline,
  index, events). One update in ten is a replay of an earlier one (answered 200, stored
  once).
- One agent replies through the API to conversations of those customers, one at a time;
  the fake Bot API notes when each sendMessage arrives (the job queue, the worker, the
  transport, the HTTP call): p50 and p95 of reply → provider.

    python -m bench.messaging --scale small      # 500 updates, 40 replies per database
    python -m bench.messaging --scale full       # 5,000 updates, 200 replies
"""

import argparse
import http.client
import json
import os
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Final

import redis

from bench.common import (
    POSTGRES_SERVER,
    markdown_table,
    percentile,
    postgres_reachable,
    reset_postgres,
)
from bench.webform import _free_port, _hamdel, _servers, _wait_until_up

ROOT: Final = Path(__file__).resolve().parent.parent
SCALES: Final = {"small": (500, 40), "full": (5_000, 200)}  # (updates, replies)
CLIENTS: Final = 50
WARM_UP: Final = 50  # updates before measuring: imports, connection pools, caches
REPLAY_EVERY: Final = 10  # one update in ten is sent again, as a provider's retry
POSTGRES_DATABASE: Final = "hamdel_bench_messaging"
REDIS_URL: Final = "redis://127.0.0.1:6379/8"  # bench's reserved Redis database
BOT_TOKEN: Final = "424242:bench-token"  # noqa: S105 - the fake Bot API's
SEED: Final = """
import json
from hamdel.api.actions import create_token
from hamdel.messaging.actions import create_account
from hamdel.people.actions import create_agent
from hamdel.people.models import Role
ada = create_agent("bench-admin", None, password="bench-password-1234", role=Role.ADMIN)
created = create_account(kind="telegram", name="Bench bot", team=None,
                         credentials={"bot_token": %r}, api_base=%r, actor=None)
print(json.dumps({"hook": created.account.hook, "secret": created.webhook_secret,
                  "token": create_token(ada.user, "bench", None)[1]}))
"""

Row = dict[str, Any]


class FakeBotApi:
    """A Bot API that takes sendMessage and notes when each text arrived."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                import urllib.parse

                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                with fake.lock:
                    fake.arrived[form.get("text", [""])[0]] = time.perf_counter()
                body = json.dumps(
                    {"ok": True, "result": {"message_id": len(fake.arrived)}}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _update(update_id: int, user_id: int) -> bytes:
    person = {"id": user_id, "is_bot": False, "first_name": "Bench", "last_name": str(user_id)}
    message = {
        "message_id": update_id,
        "from": person,
        "chat": {"id": user_id, "first_name": "Bench", "type": "private"},
        "date": 1764590000,
        "text": f"Order {update_id} has not arrived",
    }
    return json.dumps({"update_id": update_id, "message": message}).encode()


def _inbound(ports: list[int], path: str, secret: str, first: int, total: int) -> Row:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(first, first + total))
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}

    def client(serial: int) -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", ports[serial % len(ports)], timeout=60)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            update_id = n - 1 if n % REPLAY_EVERY == 0 and n > first else n
            started = time.perf_counter()
            try:
                connection.request(
                    "POST", path, body=_update(update_id, 10_000 + update_id % 400), headers=headers
                )
                answer = connection.getresponse()
                answer.read()
                ok = answer.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection = http.client.HTTPConnection(
                    "127.0.0.1", ports[serial % len(ports)], timeout=60
                )
            took = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(took)
                else:
                    errors += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(serial,)) for serial in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    return {
        "updates": len(latencies),
        "errors": errors,
        "rate": round(len(latencies) / seconds, 1),
        "post_p50_ms": round(percentile(latencies, 0.5) * 1000, 1) if latencies else 0,
        "post_p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if latencies else 0,
    }


def _replies(port: int, token: str, fake: FakeBotApi, count: int) -> Row:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    connection.request("GET", "/api/v1/conversations?limit=100", headers=auth)
    listed = json.loads(connection.getresponse().read())
    ids = [item["id"] for item in listed.get("items", [])][:count]
    waits: list[float] = []
    errors = 0
    for n, conversation_id in enumerate(ids):
        text = f"bench reply {n} {secrets.token_hex(4)}"
        sent = time.perf_counter()
        body = json.dumps({"body": text})
        connection.request(
            "POST", f"/api/v1/conversations/{conversation_id}/messages", body=body, headers=auth
        )
        answer = connection.getresponse()
        answer.read()
        if answer.status != 201:
            errors += 1
            continue
        deadline = sent + 30
        while text not in fake.arrived and time.perf_counter() < deadline:
            time.sleep(0.002)
        if text in fake.arrived:
            waits.append(fake.arrived[text] - sent)
        else:
            errors += 1
    waits.sort()
    return {
        "replies": len(waits),
        "reply_errors": errors,
        "reply_p50_ms": round(percentile(waits, 0.5) * 1000, 1) if waits else 0,
        "reply_p95_ms": round(percentile(waits, 0.95) * 1000, 1) if waits else 0,
    }


@contextmanager
def _fake() -> Iterator[FakeBotApi]:
    fake = FakeBotApi()
    try:
        yield fake
    finally:
        fake.close()


def measure(database: str, updates: int, replies: int, out: Callable[[str], None]) -> Row:
    with tempfile.TemporaryDirectory(prefix="hamdel-bench-messaging-") as folder, _fake() as fake:
        home = Path(folder)
        env = {key: value for key, value in os.environ.items() if not key.startswith("HAMDEL_")}
        env.update({"HAMDEL_HOME": folder, "HAMDEL_SECRET_KEY": secrets.token_urlsafe(50)})
        env.pop("DJANGO_SETTINGS_MODULE", None)
        ports = [_free_port(), _free_port()]
        if database == "postgres":
            reset_postgres(POSTGRES_SERVER, POSTGRES_DATABASE)
            env["HAMDEL_DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
            env["HAMDEL_REDIS_URL"] = REDIS_URL
            redis.Redis.from_url(REDIS_URL).flushdb()
            commands = [["web", "--port", str(port)] for port in ports] + [["worker"]]
        else:
            ports = ports[:1]
            commands = [["run", "--port", str(ports[0])]]
        _hamdel(["migrate", "-v0"], env)
        seeded = json.loads(
            _hamdel(["shell", "-c", SEED % (BOT_TOKEN, fake.url)], env).strip().splitlines()[-1]
        )
        path = f"/messaging/hooks/telegram/{seeded['hook']}/"
        with _servers(commands, env, home) as processes:
            for n, port in enumerate(ports):
                _wait_until_up(port, processes[n], home / f"process-{n}.log")
            _inbound(ports, path, seeded["secret"], 1, WARM_UP)
            row = _inbound(ports, path, seeded["secret"], WARM_UP + 1, updates)
            row.update(_replies(ports[0], seeded["token"], fake, replies))
        out(f"messaging: {database}: {row['rate']} updates/s, reply p50 {row['reply_p50_ms']} ms")
        if database == "postgres":
            redis.Redis.from_url(REDIS_URL).flushdb()
        return {
            "database": "SQLite" if database == "sqlite" else "PostgreSQL + Redis",
            "servers": " + ".join("hamdel " + command[0] for command in commands),
            "clients": CLIENTS,
            **row,
        }


def run(scale: str, out: Callable[[str], None]) -> list[Row]:
    updates, replies = SCALES[scale]
    rows = [measure("sqlite", updates, replies, out)]
    if postgres_reachable():
        rows.append(measure("postgres", updates, replies, out))
    else:
        out(f"messaging: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
    return rows


COLUMNS: Final = (
    ("database", "database", "{}"),
    ("servers", "servers", "{}"),
    ("clients", "clients", "{}"),
    ("updates", "webhook requests", "{:,}"),
    ("errors", "errors", "{}"),
    ("rate", "requests/s", "{}"),
    ("post_p50_ms", "webhook p50 ms", "{}"),
    ("post_p95_ms", "webhook p95 ms", "{}"),
    ("replies", "replies", "{}"),
    ("reply_p50_ms", "reply → provider p50 ms", "{}"),
    ("reply_p95_ms", "reply → provider p95 ms", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    return markdown_table(COLUMNS, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.messaging", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = run(args.scale, lambda text: print(text, file=sys.stderr, flush=True))
    print(table(rows))
    if args.json:
        print(json.dumps(rows))
    return 1 if any(row["errors"] or row["reply_errors"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
