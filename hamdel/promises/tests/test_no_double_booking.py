"""Two agents booking one slot (of an agent, or of a bookable resource) at once never both
succeed: real processes, both databases.

Each process is a `hamdel shell` that sets Django up, waits for the starting gun (a file),
then books the same slot with `book_appointment`; exactly one prints "booked". On SQLite
the IMMEDIATE transaction serialises them; on PostgreSQL the exclusion constraints do.
"""

import os
import secrets
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from hamdel.server.tests.processes import HAMDEL, env_for, run

CLIENTS = 6
SEED = """
from datetime import timedelta
from django.utils import timezone
from hamdel.promises.models import Resource
from hamdel.test import make_agent, make_customer, make_team
team = make_team("Support")
alice = make_agent("alice", teams=[team]).user
room = Resource.objects.create(name="Room 1", team=team)
customer = make_customer("Reza")
start = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
print(alice.pk, room.pk, customer.pk, start.isoformat())
"""
BOOK = """
import os, time
from datetime import datetime
from hamdel.people.models import Customer
from django.contrib.auth.models import User
from hamdel.promises.appointments import SlotTaken, book_appointment
from hamdel.promises.models import Resource
customer = Customer.objects.get(pk={customer})
bookee = (dict(resource=Resource.objects.get(pk={room})) if {with_resource}
          else dict(agent=User.objects.get(pk={agent})))
while not os.path.exists({gun!r}):
    time.sleep(0.005)
try:
    book_appointment(customer=customer, start=datetime.fromisoformat({start!r}), minutes=30,
                     **bookee)
    print("booked")
except SlotTaken as taken:
    print("taken", len(taken.next_slots))
"""


def _postgres_server() -> str:
    url = os.environ.get("HAMDEL_DATABASE_URL", "") or settings.TEST_DATABASE_URL
    return url.rsplit("/", 1)[0]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    env = env_for(tmp_path)
    env.pop("HAMDEL_REDIS_URL", None)
    if request.param == "sqlite":
        env.pop("HAMDEL_DATABASE_URL", None)
        yield env
        return
    server, name = _postgres_server(), f"hamdel_booking_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        if os.environ.get("CI", "").lower() == "true":
            raise
        pytest.skip(f"PostgreSQL at {server} is unreachable: {error}")
    env["HAMDEL_DATABASE_URL"] = f"{server}/{name}"
    try:
        yield env
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.mark.parametrize("bookee", ["agent", "resource"])
def test_concurrent_bookings_of_one_slot_leave_exactly_one_appointment(
    database_env: dict[str, str], tmp_path: Path, bookee: str
) -> None:
    run(["migrate", "--verbosity", "0"], database_env)
    seeded = run(["shell", "--no-imports", "-c", SEED], database_env).split()
    agent, room, customer, start = seeded
    gun = str(tmp_path / "go")
    code = BOOK.format(
        agent=agent,
        room=room,
        with_resource=bookee == "resource",
        customer=customer,
        start=start,
        gun=gun,
    )
    clients = [
        subprocess.Popen(  # noqa: S603 - our own command
            [*HAMDEL, "shell", "--no-imports", "-c", code],
            env=database_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(CLIENTS)
    ]
    time.sleep(6)  # every client has Django set up and waits for the gun
    Path(gun).touch()
    outcomes = []
    for client in clients:
        output, errors = client.communicate(timeout=120)
        assert client.returncode == 0, errors
        outcomes.append(output.strip().splitlines()[-1])
    assert outcomes.count("booked") == 1, outcomes
    assert sorted(outcomes)[1:] == ["taken 3"] * (CLIENTS - 1)  # each offered 3 free slots
    count = "from hamdel.promises.models import Appointment; print(Appointment.objects.count())"
    assert run(["shell", "--no-imports", "-c", count], database_env).strip() == "1"
