"""Phone benchmark: CTI events per second with 50 concurrent clients, the delay from a
missed call's hang-up to its callback on an agent's WebSocket, and the service-level query
over many calls (1,000,000 at full scale).

For each database (SQLite in a temporary HAMDEL_HOME; PostgreSQL, at full scale, in a
database of its own, `hamdel_bench_phone`, dropped and created again at every run) a child
process migrates, makes a team, an agent with a browser session and a generic integration,
starts the real server (`hamdel run` on the same database) and

1. opens the agent's phone socket (`/ws/phone/`, session cookie, our own Origin), then posts
   LATENCY_CALLS missed calls one after another (newCall, then hangup 30 s later by the
   events' timestamps) and times each from sending the hangup to the socket's "callback";
2. 50 client threads, held at a barrier, post newCall / answer / hangup of their own calls
   (form-encoded, as sipgate.io and the Asterisk bridges do) as fast as they are answered;
3. stops the server, bulk-inserts the calls of one queue over 30 days (answered with a
   log-normal wait, abandoned, short abandons), runs ANALYZE, and times
   `queries.service_level` for the whole month and for one day.

    python -m bench.phone --scale small      # SQLite only, 5,000 calls for the query
    python -m bench.phone --scale full       # both databases, 1,000,000 calls
    python -m bench.phone --db sqlite        # one child, one JSON line
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from bench.common import (
    POSTGRES_SERVER,
    child_home,
    markdown_table,
    percentile,
    postgres_reachable,
    run_child,
)

ROOT: Final = Path(__file__).resolve().parent.parent
POSTGRES_DATABASE: Final = "hamdel_bench_phone"
DATABASE_NAMES: Final = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
CLIENTS: Final = 50
# per scale: (calls each client posts, missed calls timed on the socket, calls for the query)
SIZES: Final = {"small": (1, 5, 5_000), "full": (20, 100, 1_000_000)}
BATCH: Final = 10_000
QUERY_RUNS: Final = 5
SERVER_TIMEOUT_S: Final = 120
SOCKET_TIMEOUT_S: Final = 10

Row = dict[str, object]


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ----- the child process: one database ----------------------------------------------------


def _seed() -> tuple[Any, Any, str]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from hamdel.people.actions import create_agent, create_team
    from hamdel.phone import actions

    team = create_team("Phone bench", None)
    agent = create_agent("phonebench", None, teams=[team])
    integration = actions.create_integration(
        name="Bench PBX", kind="generic", team=team, actor=None
    )
    session = SessionStore()
    session[SESSION_KEY] = str(agent.user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = agent.user.get_session_auth_hash()
    session.create()
    return team, integration, str(session.session_key)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(url: str, fields: dict[str, Any]) -> int:
    body = urllib.parse.urlencode(fields, doseq=True).encode()
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _number(n: int) -> str:
    return f"+98912{n:07d}"


async def _latencies(port: int, url: str, session: str, calls: int) -> list[float]:
    from websockets.asyncio.client import connect
    from websockets.typing import Origin

    delays = []
    async with connect(
        f"ws://127.0.0.1:{port}/ws/phone/",
        origin=Origin(f"http://127.0.0.1:{port}"),
        additional_headers={"Cookie": f"sessionid={session}"},
        open_timeout=SOCKET_TIMEOUT_S,
    ) as socket:
        hello = json.loads(await asyncio.wait_for(socket.recv(), SOCKET_TIMEOUT_S))
        assert hello["type"] == "hello", hello  # noqa: S101
        start = datetime.now(UTC) - timedelta(hours=1)
        for n in range(calls):
            call = f"lat-{n}"
            number = _number(n)
            ring = {"event": "newCall", "callId": call, "from": number, "direction": "in"}
            await asyncio.to_thread(_post, url, {**ring, "timestamp": start.timestamp()})
            began = time.perf_counter()
            ended = (start + timedelta(seconds=30)).timestamp()
            hangup = {"event": "hangup", "callId": call, "cause": "cancel", "timestamp": ended}
            sent = asyncio.create_task(asyncio.to_thread(_post, url, hangup))
            while True:
                frame = json.loads(await asyncio.wait_for(socket.recv(), SOCKET_TIMEOUT_S))
                if frame["type"] == "callback" and frame["phone"] == number:
                    delays.append((time.perf_counter() - began) * 1000)
                    break
            await sent
    return delays


def _throughput(url: str, calls_each: int) -> Row:
    barrier = threading.Barrier(CLIENTS)
    statuses: list[int] = []
    lock = threading.Lock()
    start = datetime.now(UTC) - timedelta(hours=2)

    def client(index: int) -> None:
        mine = []
        barrier.wait()
        for n in range(calls_each):
            call = f"load-{index}-{n}"
            number = _number(100_000 + index * 1000 + n)
            at = start.timestamp()
            for event in (
                {"event": "newCall", "from": number, "direction": "in", "timestamp": at},
                {"event": "answer", "user[]": "phonebench", "timestamp": at + 8},
                {"event": "hangup", "cause": "normalClearing", "timestamp": at + 90},
            ):
                mine.append(_post(url, {"callId": call, **event}))
        with lock:
            statuses.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    for thread in threads:
        thread.join(600)
    seconds = time.perf_counter() - began
    ok = sum(1 for status in statuses if status == 200)
    if ok < len(statuses):
        counts = {status: statuses.count(status) for status in set(statuses)}
        _log(f"  CTI answers by status: {counts}")
    return {
        "cti_events": len(statuses),
        "cti_errors": len(statuses) - ok,
        "cti_events_per_s": round(len(statuses) / seconds, 1),
    }


def _with_server(integration: Any, session: str, sizes: tuple[int, int, int]) -> Row:
    from hamdel.phone.actions import integration_url

    port = _free_port()
    path = urllib.parse.urlsplit(integration_url(integration)).path
    url = f"http://127.0.0.1:{port}{path}"
    log = Path(os.environ["HAMDEL_HOME"]) / "run.log"
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "hamdel.cli", "run", "--port", str(port)],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + SERVER_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):  # noqa: S310
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"hamdel run did not start:\n{log.read_text()}") from None
                time.sleep(0.2)
        calls_each, latency_calls, _query_calls = sizes
        delays = asyncio.run(_latencies(port, url, session, latency_calls))
        row: Row = {
            "callback_p50_ms": round(statistics.median(delays), 1),
            "callback_p95_ms": round(percentile(delays, 0.95), 1),
            "latency_calls": len(delays),
        }
        row.update(_throughput(url, calls_each))
        return row
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        problems = [line for line in log.read_text().splitlines() if "Error" in line]
        if problems:
            _log("  server errors (last 5):\n  " + "\n  ".join(problems[-5:]))


def _seed_calls(team: Any, integration: Any, count: int, rng: random.Random) -> datetime:
    """`count` ended inbound calls of one queue over the 30 days before now."""
    from django.db import connection

    from hamdel.phone.models import Call, Outcome

    now = datetime.now(UTC)
    first = now - timedelta(days=30)
    rows = []
    for n in range(count):
        started = first + timedelta(seconds=rng.uniform(0, 30 * 86400))
        draw = rng.random()
        if draw < 0.85:
            wait = min(int(rng.lognormvariate(2.4, 0.8)), 600)
            outcome, answered = Outcome.ANSWERED, started + timedelta(seconds=wait)
        else:
            wait = int(rng.uniform(0, 120))
            outcome = Outcome.SHORT_ABANDON if wait < 5 else Outcome.ABANDONED
            answered = None
        rows.append(
            Call(
                integration_id=integration.pk,
                call_id=f"seed-{n}",
                team_id=team.pk,
                direction="in",
                outcome=outcome,
                started_at=started,
                answered_at=answered,
                ended_at=started + timedelta(seconds=wait + 120),
                wait_seconds=wait,
            )
        )
        if len(rows) == BATCH:
            Call.objects.bulk_create(rows)
            rows = []
    Call.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return first


def _time_query(team: Any, start: datetime, end: datetime) -> tuple[float, dict[str, Any]]:
    from hamdel.phone import queries

    timings = []
    figures: dict[str, Any] = {}
    for _run in range(QUERY_RUNS + 1):  # the first warms the caches
        began = time.perf_counter()
        figures = queries.service_level(team.pk, start, end)
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings[1:]), figures


def worker(database: str, scale: str, seed: int) -> Row:
    import django

    django.setup()
    from django.core.management import call_command

    rng = random.Random(seed)
    call_command("migrate", verbosity=0)
    team, integration, session = _seed()
    sizes = SIZES[scale]
    name = DATABASE_NAMES[database]
    row: Row = {"benchmark": "phone", "database": name, "clients": CLIENTS}
    row.update(_with_server(integration, session, sizes))
    _log(f"{name}: {row}")
    began = time.perf_counter()
    first = _seed_calls(team, integration, sizes[2], rng)
    _log(f"  seeded {sizes[2]:,} calls in {time.perf_counter() - began:.1f} s")
    month_ms, figures = _time_query(team, first, datetime.now(UTC))
    day = first + timedelta(days=15)
    day_ms, _day = _time_query(team, day, day + timedelta(days=1))
    row.update(
        {
            "query_calls": sizes[2],
            "sl_month_ms": round(month_ms, 1),
            "sl_day_ms": round(day_ms, 1),
            "service_level": figures["service_level"],
        }
    )
    return row


# ----- the parent: one child per database --------------------------------------------------


def run(scale: str, out: Callable[[str], None]) -> list[Row]:
    """SQLite always; PostgreSQL too at full scale (CI's small run stays under 40 s)."""
    rows = [run_child("bench.phone", "sqlite", ["--scale", scale], out)]
    if scale == "full":
        if postgres_reachable():
            rows.append(run_child("bench.phone", "postgres", ["--scale", scale], out))
        else:
            out(f"phone: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
    return rows


COLUMNS: Final = (
    ("database", "database", "{}"),
    ("clients", "clients", "{}"),
    ("cti_events", "CTI events", "{:,}"),
    ("cti_errors", "errors", "{}"),
    ("cti_events_per_s", "CTI events/s", "{}"),
    ("callback_p50_ms", "hangup → callback p50 ms", "{}"),
    ("callback_p95_ms", "hangup → callback p95 ms", "{}"),
    ("query_calls", "calls", "{:,}"),
    ("sl_month_ms", "service level, 30 days, ms", "{}"),
    ("sl_day_ms", "service level, 1 day, ms", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    return markdown_table(COLUMNS, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.phone", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SIZES), default="small")
    parser.add_argument("--db", choices=sorted(DATABASE_NAMES), help="run one database here")
    parser.add_argument("--json", action="store_true", help="print JSON rows, not a table")
    parser.add_argument("--seed", type=int, default=1042)
    args = parser.parse_args(argv)
    if args.db is None:
        rows = run(args.scale, _log)
        print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
        return 0 if all(row["cti_errors"] == 0 for row in rows) else 1
    with child_home(args.db, POSTGRES_DATABASE, "hamdel-bench-phone-"):
        row = worker(args.db, args.scale, args.seed)
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
