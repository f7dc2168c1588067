"""Compensation benchmark: ledger writes per second with 20 concurrent writers on
PostgreSQL, and zero lost or doubled entries.

A child process on its own PostgreSQL database (`hamdel_bench_compensation`, migrated and
emptied of compensation rows at every run):

1. seeds 20 agents, each with a customer and a conversation of their own, and limits that
   let each grant every request without approval;
2. grants: 20 writer threads, held at a barrier, each request `GRANTS[scale]` partial
   refunds through `hamdel.compensation.actions.request_compensation` (each a `requested`
   and an `approved` entry, the refund promise, the message telling the customer, the
   audit events);
3. payments: the same 20 writers race to pay EVERY approved request (each in its own
   shuffled order, with the same gateway reference), as a gateway retrying its webhooks
   would: each request must get exactly one `paid` entry, every other attempt a replay;
4. counts the ledger: entries per kind against what was written, and requests with more
   than one entry of a kind (must be none).

    python -m bench.compensation                  # a table
    python -m bench.compensation --scale full
"""

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

from bench.common import POSTGRES_SERVER, markdown_table, postgres_reachable, run_child

POSTGRES_DATABASE: Final = "hamdel_bench_compensation"
WRITERS: Final = 20
GRANTS: Final = {"small": 2, "full": 50}  # requests per writer
BARRIER_TIMEOUT_S: Final = 60

Row = dict[str, object]


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _ensure_database() -> None:
    """The database, created once; kept between runs so a run migrates only what changed."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [POSTGRES_DATABASE]
        ).fetchone()
        if found is None:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(POSTGRES_DATABASE))
            )


def _seed() -> list[tuple[Any, Any]]:
    """(agent's user, conversation) for each writer, and generous limits."""
    from decimal import Decimal

    from hamdel.compensation.models import Compensation, Entry, Limit
    from hamdel.people.actions import create_agent, create_customer, create_team
    from hamdel.people.models import IdentityKind, Role
    from hamdel.tickets.actions import open_conversation

    Entry.objects.all().delete()  # the bench's own database: last run's rows
    Compensation.objects.all().delete()
    Limit.objects.all().delete()
    Limit.objects.create(
        role=Role.AGENT, currency="USD", per_case=Decimal(100), per_month=Decimal(10**9)
    )
    stamp = f"{time.time_ns():x}"
    team = create_team(f"Refunds {stamp}", None)
    pairs = []
    for index in range(WRITERS):
        agent = create_agent(f"writer{index}-{stamp}", None, role=Role.AGENT, teams=[team])
        customer = create_customer(
            f"Customer {index}",
            None,
            identities=[(IdentityKind.EMAIL, f"c{index}-{stamp}@example.com")],
        )
        conversation = open_conversation(
            customer=customer, channel="email", body_text="It arrived broken", team=team
        )
        pairs.append((agent.user, conversation))
    return pairs


def _race(work: Callable[[int], int]) -> tuple[float, list[int], list[str]]:
    """Run `work(writer)` in WRITERS threads released together; seconds, counts, errors."""
    from django.db import connections

    barrier = threading.Barrier(WRITERS + 1)
    counts = [0] * WRITERS
    errors: list[str] = []

    def run(index: int) -> None:
        try:
            barrier.wait(BARRIER_TIMEOUT_S)
            counts[index] = work(index)
        except Exception as error:  # noqa: BLE001 - counted and reported
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(WRITERS)]
    for thread in threads:
        thread.start()
    barrier.wait(BARRIER_TIMEOUT_S)
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, counts, errors


def worker(scale: str, seed: int) -> Row:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from hamdel.compensation import actions
    from hamdel.compensation.models import Compensation, Entry, EntryKind

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    pairs = _seed()
    _log(f"PostgreSQL: migrated and seeded in {time.perf_counter() - began:.1f} s")
    grants = GRANTS[scale]

    def grant(index: int) -> int:
        user, conversation = pairs[index]
        for number in range(grants):
            draft = actions.Draft(
                kind="partial_refund",
                amount=f"{10 + number % 50}.50",
                currency="USD",
                reason="damaged",
            )
            actions.request_compensation(conversation, draft, user)
        return grants * 2  # requested + approved

    grant_s, grant_counts, grant_errors = _race(grant)
    ids = list(Compensation.objects.values_list("pk", flat=True))
    _log(f"  grants: {len(ids)} requests in {grant_s:.1f} s, errors {len(grant_errors)}")

    def pay(index: int) -> int:
        order = ids[:]
        random.Random(seed + index).shuffle(order)
        landed = 0
        for compensation in Compensation.objects.filter(pk__in=order).in_bulk(order).values():
            if actions.mark_paid(compensation, None, f"gw-{compensation.pk}").changed:
                landed += 1
        return landed

    pay_s, paid_counts, pay_errors = _race(pay)
    _log(f"  payments: {WRITERS * len(ids)} attempts in {pay_s:.1f} s, errors {len(pay_errors)}")

    kinds = dict(Entry.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    doubled = (
        Entry.objects.values("compensation", "kind").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    expected = WRITERS * grants
    lost = (
        max(expected - kinds.get(EntryKind.REQUESTED, 0), 0)
        + max(expected - kinds.get(EntryKind.APPROVED, 0), 0)
        + max(expected - kinds.get(EntryKind.PAID, 0), 0)
    )
    for error in [*grant_errors, *pay_errors][:5]:
        _log(f"  error: {error}")
    return {
        "benchmark": "compensation",
        "database": "PostgreSQL",
        "scale": scale,
        "writers": WRITERS,
        "requests": expected,
        "grant_entries": sum(grant_counts),
        "grant_entries_per_s": round(sum(grant_counts) / grant_s, 1),
        "pay_attempts": WRITERS * len(ids),
        "paid": sum(paid_counts),
        "pay_attempts_per_s": round(WRITERS * len(ids) / pay_s, 1),
        "lost": lost,
        "doubled": doubled,
        "errors": len(grant_errors) + len(pay_errors),
    }


def run(scale: str, out: Callable[[str], None]) -> list[Row]:
    if not postgres_reachable():
        out(f"compensation: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
        return []
    return [run_child("bench.compensation", "postgres", ["--scale", scale], out)]


COLUMNS: Final = (
    ("database", "database", "{}"),
    ("writers", "writers", "{}"),
    ("requests", "requests granted", "{:,}"),
    ("grant_entries_per_s", "grant entries/s", "{}"),
    ("pay_attempts", "payment attempts", "{:,}"),
    ("paid", "paid entries", "{:,}"),
    ("pay_attempts_per_s", "payment attempts/s", "{}"),
    ("lost", "lost", "{}"),
    ("doubled", "doubled", "{}"),
    ("errors", "errors", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    return markdown_table(COLUMNS, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compensation", description=__doc__)
    parser.add_argument("--scale", choices=sorted(GRANTS), default="small")
    parser.add_argument("--db", choices=["postgres"], help="run here (the child process)")
    parser.add_argument("--json", action="store_true", help="print JSON rows, not a table")
    parser.add_argument("--seed", type=int, default=1042)
    args = parser.parse_args(argv)
    if args.db is None:
        rows = run(args.scale, _log)
        print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
        clean = all(row["lost"] == 0 and row["doubled"] == 0 and row["errors"] == 0 for row in rows)
        return 0 if clean else 1
    _ensure_database()
    os.environ["HAMDEL_DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamdel.settings")
    with tempfile.TemporaryDirectory(prefix="hamdel-bench-compensation-") as home:
        os.environ["HAMDEL_HOME"] = home
        row = worker(args.scale, args.seed)
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
