"""Promises benchmark: the feasibility check over 100,000 past promises, and 50 clients
booking one appointment slot at once.

For each database (SQLite in a temporary HAMDEL_HOME, PostgreSQL in a database of its own,
`hamdel_bench_promises`, dropped and created again at every run) a child process:

1. seeds `PAST_PROMISES` kept promises (seven kinds, four teams, 40 agents, durations drawn
   from a log-normal around two business hours) and `OPEN_PROMISES` open ones, by bulk
   insert, then runs `ANALYZE`;
2. times `hamdel.promises.actions.check_feasibility` (the history query, the owner's open
   promises, the team's backlog, the owner's appointments, the realistic time in business
   time) `RUNS` times for random kinds, owners and due times, after a warm-up;
3. starts the real server (`hamdel run` on the same database), and 50 client threads, held
   at a barrier, POST the same slot to `/api/v1/appointments` with their own API tokens:
   exactly one must get 201, the others a 409 listing the next free slots.

    python -m bench.promises                  # both databases, a table
    python -m bench.promises --db sqlite      # one child, one JSON line
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
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
POSTGRES_DATABASE: Final = "hamdel_bench_promises"
DATABASE_NAMES: Final = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
PAST_PROMISES: Final = 100_000
OPEN_PROMISES: Final = 2_000
TEAMS: Final = 4
AGENTS: Final = 40
BATCH: Final = 5_000
RUNS: Final = 300
WARM_UP_RUNS: Final = 20
CLIENTS: Final = 50
SERVER_TIMEOUT_S: Final = 120

Row = dict[str, object]


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ----- the child process: one database ----------------------------------------------------


def _seed(rng: random.Random) -> tuple[list[int], Any, Any]:
    """Teams, agents, a customer and conversation, and the promises; returns the agents'
    user ids, the customer and a conversation."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.utils import timezone

    from hamdel.people.actions import create_agent, create_customer, create_team
    from hamdel.people.models import IdentityKind
    from hamdel.promises.models import Kind, Promise, State
    from hamdel.tickets.actions import open_conversation

    teams = [create_team(f"Bench team {n}", None) for n in range(TEAMS)]
    agents = [
        create_agent(f"bench{n}", None, teams=[teams[n % TEAMS]])  # API tokens, no password
        for n in range(AGENTS)
    ]
    customer = create_customer(
        "Bench customer", None, identities=[(IdentityKind.EMAIL, "bench@example.com")]
    )
    conversation = open_conversation(
        customer=customer, channel="email", body_text="Bench", team=teams[0]
    )
    now = timezone.now()
    kinds = list(Kind.values)
    rows: list[Promise] = []
    for index in range(PAST_PROMISES + OPEN_PROMISES):
        agent = agents[index % AGENTS]
        team_id = teams[index % AGENTS % TEAMS].pk
        made = now - timedelta(days=rng.uniform(1, 365))
        taken = max(1, int(rng.lognormvariate(4.8, 0.8)))  # business minutes, median ~2 h
        kept = index < PAST_PROMISES
        rows.append(
            Promise(
                customer_id=customer.pk,
                kind=rng.choice(kinds),
                due_at=made + timedelta(minutes=rng.choice([60, 240, 1440, 4320])),
                owner_agent_id=agent.user_id,
                team_id=team_id,
                state=State.KEPT if kept else State.OPEN,
                created_at=made,
                kept_at=made + timedelta(minutes=taken) if kept else None,
                kept_business_minutes=taken if kept else None,
            )
        )
        if len(rows) == BATCH:
            Promise.objects.bulk_create(rows)
            rows = []
    Promise.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    users = [agent.user_id for agent in agents]
    assert User.objects.filter(pk__in=users).count() == AGENTS  # noqa: S101
    return users, customer, conversation


def _time_feasibility(users: list[int], conversation: Any, rng: random.Random) -> list[float]:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from hamdel.promises import actions
    from hamdel.promises.models import Kind

    owners = list(User.objects.filter(pk__in=users))
    timings = []
    for run in range(WARM_UP_RUNS + RUNS):
        now = timezone.now()
        draft = actions.PromiseDraft(
            kind=rng.choice(list(Kind.values)),
            due_at=now + timedelta(hours=rng.uniform(0.5, 72)),
            owner_agent=rng.choice(owners),
        )
        began = time.perf_counter()
        actions.check_feasibility(draft, conversation, now)
        if run >= WARM_UP_RUNS:
            timings.append((time.perf_counter() - began) * 1000)
    return timings


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(url: str, token: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310 - loopback
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _book_concurrently(users: list[int], customer: Any) -> Row:
    """50 clients, one slot, through the real server; one 201, 49 × 409 with free slots."""
    from django.contrib.auth.models import User

    from hamdel.api.actions import create_token

    tokens = [
        create_token(User.objects.get(pk=users[n % AGENTS]), "bench", None)[1]
        for n in range(CLIENTS)
    ]
    port = _free_port()
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
        start = (datetime.now(UTC) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
        body = {
            "agent_id": users[0],
            "customer_id": customer.pk,
            "start": start.isoformat(),
            "minutes": 30,
        }
        barrier = threading.Barrier(CLIENTS)
        answers: list[tuple[int, dict[str, Any], float]] = []
        lock = threading.Lock()

        def client(token: str) -> None:
            barrier.wait()
            began = time.perf_counter()
            status, answer = _post(f"http://127.0.0.1:{port}/api/v1/appointments", token, body)
            with lock:
                answers.append((status, answer, (time.perf_counter() - began) * 1000))

        threads = [threading.Thread(target=client, args=(token,)) for token in tokens]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
    won = [a for a in answers if a[0] == 201]
    refused = [a for a in answers if a[0] == 409 and len(a[1].get("next_free_slots", [])) == 3]
    latencies = [a[2] for a in answers]
    return {
        "clients": CLIENTS,
        "won": len(won),
        "refused_with_slots": len(refused),
        "other": len(answers) - len(won) - len(refused),
        "booking_p50_ms": round(statistics.median(latencies), 1),
        "booking_max_ms": round(max(latencies), 1),
    }


def worker(database: str, seed: int) -> Row:
    import django

    django.setup()
    from django.core.management import call_command

    from hamdel.promises.models import Appointment

    rng = random.Random(seed)
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    users, customer, conversation = _seed(rng)
    seed_seconds = time.perf_counter() - began
    name = DATABASE_NAMES[database]
    _log(f"{name}: seeded {PAST_PROMISES:,} past promises in {seed_seconds:.1f} s")
    timings = _time_feasibility(users, conversation, rng)
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    _log(f"  feasibility: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    booking = _book_concurrently(users, customer)
    booking["appointments"] = Appointment.objects.count()
    _log(f"  booking: {booking}")
    return {
        "benchmark": "promises",
        "database": DATABASE_NAMES[database],
        "past_promises": PAST_PROMISES,
        "feasibility_p50_ms": round(p50, 2),
        "feasibility_p95_ms": round(p95, 2),
        **booking,
        "seed_s": round(seed_seconds, 1),
    }


# ----- the parent: one child per database --------------------------------------------------


def run(scale: str, out: Callable[[str], None]) -> list[Row]:
    """Both databases; the figures do not depend on the scale (100,000 past promises)."""
    rows = [run_child("bench.promises", "sqlite", [], out)]
    if postgres_reachable():
        rows.append(run_child("bench.promises", "postgres", [], out))
    else:
        out(f"promises: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
    return rows


COLUMNS: Final = (
    ("database", "database", "{}"),
    ("past_promises", "past promises", "{:,}"),
    ("feasibility_p50_ms", "feasibility p50 ms", "{}"),
    ("feasibility_p95_ms", "feasibility p95 ms", "{}"),
    ("clients", "clients on one slot", "{}"),
    ("won", "201", "{}"),
    ("refused_with_slots", "409 with free slots", "{}"),
    ("other", "other", "{}"),
    ("booking_p50_ms", "booking p50 ms", "{}"),
    ("appointments", "appointments stored", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    return markdown_table(COLUMNS, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.promises", description=__doc__)
    parser.add_argument("--scale", default="small", help="accepted for symmetry; unused")
    parser.add_argument("--db", choices=sorted(DATABASE_NAMES), help="run one database here")
    parser.add_argument("--json", action="store_true", help="print JSON rows, not a table")
    parser.add_argument("--seed", type=int, default=1042)
    args = parser.parse_args(argv)
    if args.db is None:
        rows = run(args.scale, _log)
        print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
        return 0 if all(row["won"] == 1 and row["other"] == 0 for row in rows) else 1
    with child_home(args.db, POSTGRES_DATABASE, "hamdel-bench-promises-"):
        row = worker(args.db, args.seed)
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
