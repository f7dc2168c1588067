"""Loyalty benchmark: coupon redemption and points redemption with 50 concurrent clients.

For each database (SQLite in a temporary HAMDEL_HOME, PostgreSQL in a database of its own,
`hamdel_bench_loyalty`, dropped and created again at every run) a child process migrates,
then runs three races, each client a thread with its own database connection calling the
same actions the API calls (`hamdel.loyalty.coupons.redeem_coupon`,
`hamdel.loyalty.points.redeem_points`):

1. throughput: a batch of one-use codes; every code is redeemed by two different clients
   (each on its own order), the 50 clients taking attempts from one shuffled queue. Every
   code must end with exactly one redemption: zero double spends, zero lost codes;
2. one one-use coupon, 50 clients released at once by a barrier: exactly one succeeds;
3. one balance: 50 clients spend 10 points at a time from a balance that pays a tenth of
   the attempts; exactly that many succeed and the balance ends at 0, never below.

    python -m bench.loyalty                  # both databases, a table
    python -m bench.loyalty --db sqlite      # one child, one JSON line
"""

import argparse
import json
import queue
import random
import sys
import threading
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final

from bench.common import (
    POSTGRES_SERVER,
    child_home,
    markdown_table,
    postgres_reachable,
    run_child,
)

POSTGRES_DATABASE: Final = "hamdel_bench_loyalty"
DATABASE_NAMES: Final = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
CLIENTS: Final = 50
SCALES: Final = {  # (one-use codes, each redeemed twice; points attempts of 10)
    "small": (100, 200),
    "full": (5_000, 5_000),
}
SPEND: Final = 10

Row = dict[str, Any]


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _run_clients(work: Callable[[int], str], tasks: "queue.Queue[int]") -> tuple[list[str], float]:
    from django.db import connections

    outcomes: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        try:
            while True:
                try:
                    task = tasks.get_nowait()
                except queue.Empty:
                    return
                try:
                    outcome = work(task)
                except Exception as error:  # noqa: BLE001 - counted, not hidden
                    outcome = f"error: {type(error).__name__}"
                with lock:
                    outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, time.perf_counter() - began


def worker(database: str, scale: str) -> Row:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from hamdel.loyalty import coupons, points
    from hamdel.loyalty.models import Coupon, PointsEntry, Source
    from hamdel.people.actions import create_customer

    codes_count, points_attempts = SCALES[scale]
    began = time.perf_counter()
    call_command("migrate", verbosity=0, skip_checks=True)
    _log(f"{DATABASE_NAMES[database]}: migrated in {time.perf_counter() - began:.1f} s")
    customers = [create_customer(f"Client {index}", None) for index in range(CLIENTS * 2)]
    _batch, codes = coupons.create_batch(
        name="Bench",
        kind="percent",
        percent=Decimal(10),
        count=codes_count,
        max_uses_per_customer=10**9,
    )
    name = DATABASE_NAMES[database]

    # 1. throughput, every code attempted twice
    attempts = [(code, copy) for code in codes for copy in (0, 1)]
    random.Random(1042).shuffle(attempts)
    tasks: queue.Queue[int] = queue.Queue()
    for index in range(len(attempts)):
        tasks.put(index)

    def redeem(index: int) -> str:
        code, copy = attempts[index]
        customer = customers[(index + copy) % len(customers)]
        try:
            coupons.redeem_coupon(code, customer, f"order-{index}")
        except coupons.CouponRefused as refused:
            return refused.reason
        return "redeemed"

    outcomes, seconds = _run_clients(redeem, tasks)
    per_code = Coupon.objects.annotate(uses=Count("redemptions")).values_list("uses", flat=True)
    double_spends = sum(1 for uses in per_code if uses > 1)
    unused = sum(1 for uses in per_code if uses == 0)
    _log(f"{name}: {len(attempts):,} coupon attempts in {seconds:.1f} s")

    # 2. one coupon, 50 at once
    _b, single = coupons.create_batch(name="One", kind="percent", percent=Decimal(5), count=1)
    barrier = threading.Barrier(CLIENTS)
    contested: queue.Queue[int] = queue.Queue()
    for index in range(CLIENTS):
        contested.put(index)

    def race(index: int) -> str:
        barrier.wait()
        try:
            coupons.redeem_coupon(single[0], customers[index], f"race-{index}")
        except coupons.CouponRefused as refused:
            return refused.reason
        return "redeemed"

    raced, _seconds = _run_clients(race, contested)

    # 3. one balance
    holder = create_customer("Holder", None)
    fits = points_attempts // 10
    PointsEntry.objects.create(
        customer=holder, kind="earn", source=Source.REFERRAL, points=fits * SPEND
    )
    spends: queue.Queue[int] = queue.Queue()
    for index in range(points_attempts):
        spends.put(index)

    def spend(index: int) -> str:
        try:
            points.redeem_points(holder, SPEND, f"order-{index}")
        except points.NotEnoughPoints:
            return "refused"
        return "redeemed"

    spent, points_seconds = _run_clients(spend, spends)
    balance = points.balance_of(holder.pk)
    _log(
        f"{name}: {points_attempts:,} points attempts in {points_seconds:.1f} s, balance {balance}"
    )
    errors = sum(1 for o in outcomes + raced + spent if o.startswith("error"))
    return {
        "benchmark": "loyalty",
        "database": name,
        "clients": CLIENTS,
        "coupon_attempts": len(attempts),
        "coupon_per_s": round(len(attempts) / seconds, 1),
        "redeemed": outcomes.count("redeemed"),
        "double_spends": double_spends,
        "unused_codes": unused,
        "race_winners": raced.count("redeemed"),
        "points_attempts": points_attempts,
        "points_per_s": round(points_attempts / points_seconds, 1),
        "points_redeemed": spent.count("redeemed"),
        "points_expected": fits,
        "final_balance": balance,
        "errors": errors,
    }


def run(scale: str, out: Callable[[str], None]) -> list[Row]:
    rows = [run_child("bench.loyalty", "sqlite", ["--scale", scale], out)]
    if postgres_reachable():
        rows.append(run_child("bench.loyalty", "postgres", ["--scale", scale], out))
    else:
        out(f"loyalty: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
    return rows


COLUMNS: Final = (
    ("database", "database", "{}"),
    ("clients", "clients", "{}"),
    ("coupon_attempts", "coupon attempts", "{:,}"),
    ("coupon_per_s", "coupon attempts/s", "{:,}"),
    ("redeemed", "redeemed", "{:,}"),
    ("double_spends", "double spends", "{}"),
    ("race_winners", "one coupon, 50 at once: won", "{}"),
    ("points_attempts", "points attempts", "{:,}"),
    ("points_per_s", "points attempts/s", "{:,}"),
    ("points_redeemed", "points redeemed", "{:,}"),
    ("final_balance", "final balance", "{}"),
    ("errors", "errors", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    return markdown_table(COLUMNS, rows)


def ok(row: Row) -> bool:
    return bool(
        row["double_spends"] == 0
        and row["unused_codes"] == 0
        and row["redeemed"] == row["coupon_attempts"] // 2
        and row["race_winners"] == 1
        and row["points_redeemed"] == row["points_expected"]
        and row["final_balance"] == 0
        and row["errors"] == 0
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loyalty", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--db", choices=sorted(DATABASE_NAMES), help="run one database here")
    parser.add_argument("--json", action="store_true", help="print JSON rows, not a table")
    args = parser.parse_args(argv)
    if args.db is None:
        rows = run(args.scale, _log)
        print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
        return 0 if all(ok(row) for row in rows) else 1
    with child_home(args.db, POSTGRES_DATABASE, "hamdel-bench-loyalty-"):
        row = worker(args.db, args.scale)
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
