"""Many clients at once on one coupon and on one points balance: run inside a `hamdel
shell` on a real database (a file SQLite in WAL mode, or PostgreSQL), one thread and one
database connection per client, all released together by a barrier.

Prints one JSON line: what each client got, and the times.
"""

import json
import threading
import time
from decimal import Decimal
from typing import Any

from django.db import connections

from hamdel.loyalty import coupons, points
from hamdel.loyalty.models import CouponRedemption, PointsEntry, Source
from hamdel.people.actions import create_customer

BALANCE = 100  # the one balance everyone spends from
SPEND = 30  # each client's redemption: only 3 fit


def _clients(count: int, work: Any) -> tuple[list[str], float]:
    barrier, outcomes, lock = threading.Barrier(count), [], threading.Lock()

    def client(index: int) -> None:
        try:
            barrier.wait()
            outcome = work(index)
        except Exception as error:  # noqa: BLE001 - the outcome is the point
            outcome = f"error: {type(error).__name__}: {error}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=client, args=(index,)) for index in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, time.perf_counter() - started


def run_races(count: int) -> dict[str, Any]:
    customers = [create_customer(f"Racer {index}", None) for index in range(count)]
    _batch, codes = coupons.create_batch(
        name="One use", kind="percent", count=1, percent=Decimal(20)
    )
    holder = create_customer("Balance holder", None)
    PointsEntry.objects.create(customer=holder, kind="earn", source=Source.REFERRAL, points=BALANCE)

    def use_coupon(index: int) -> str:
        try:
            coupons.redeem_coupon(codes[0], customers[index], f"order-{index}")
        except coupons.CouponRefused as refused:
            return refused.reason
        return "redeemed"

    def spend(index: int) -> str:
        try:
            points.redeem_points(holder, SPEND, f"order-{index}")
        except points.NotEnoughPoints:
            return "not_enough_points"
        return "redeemed"

    coupon_outcomes, coupon_seconds = _clients(count, use_coupon)
    points_outcomes, points_seconds = _clients(count, spend)
    return {
        "coupon": sorted(coupon_outcomes),
        "coupon_seconds": coupon_seconds,
        "coupon_redemptions": CouponRedemption.objects.count(),
        "points": sorted(points_outcomes),
        "points_seconds": points_seconds,
        "balance": points.balance_of(holder.pk),
    }


def main(count: int) -> None:
    print(json.dumps(run_races(count)))
