"""50 clients at once: a one-use coupon is redeemed exactly once, and a balance of 100
points pays exactly three redemptions of 30 (never below zero), on the suite's database.

On PostgreSQL the threads share the test database (committed data: a transactional test);
on SQLite the race runs in a `hamdel shell` on a file database in WAL mode, as `hamdel
run` uses it (the test suite's in-memory database cannot show SQLite's locking).
"""

import json
from pathlib import Path

import pytest
from django.db import connection

from hamdel.loyalty.tests.race import BALANCE, SPEND, run_races
from hamdel.server.tests.processes import HAMDEL, env_for

CLIENTS = 50


def _check(result: dict[str, object]) -> None:
    coupon = list(result["coupon"])  # type: ignore[call-overload]
    assert coupon.count("redeemed") == 1, coupon
    assert coupon.count("used_up") == CLIENTS - 1, coupon
    assert result["coupon_redemptions"] == 1
    spent = list(result["points"])  # type: ignore[call-overload]
    fits = BALANCE // SPEND
    assert spent.count("redeemed") == fits, spent
    assert spent.count("not_enough_points") == CLIENTS - fits, spent
    assert result["balance"] == BALANCE - fits * SPEND


@pytest.mark.django_db(transaction=True)
def test_fifty_clients_on_postgresql_spend_a_coupon_once_and_points_never_below_zero() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL suite runs this; SQLite's race is the test below")
    _check(run_races(CLIENTS))


def test_fifty_clients_on_sqlite_spend_a_coupon_once_and_points_never_below_zero(
    tmp_path: Path,
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite suite runs this")
    import subprocess

    env = env_for(tmp_path)
    env.pop("HAMDEL_DATABASE_URL", None)
    env.pop("HAMDEL_REDIS_URL", None)
    code = f"from hamdel.loyalty.tests.race import main; main({CLIENTS})"
    for args in (
        ["migrate", "--skip-checks", "--verbosity", "0"],
        ["shell", "--no-imports", "-c", code],
    ):
        done = subprocess.run(  # noqa: S603 - our own command
            [*HAMDEL, *args], env=env, capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 0, done.stderr[-3000:]
    _check(json.loads(done.stdout.strip().splitlines()[-1]))
