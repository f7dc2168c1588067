"""A worker killed between "attempt recorded" and "sent": the message is sent once.

Real processes on a real SQLite file: `hamdel shell` writes a reply, a second one
starts its delivery against an SMTP server that never answers and is killed (SIGKILL)
while it waits; attempts after that find the attempt under way until its lease runs
out, then the message goes to a real SMTP sink exactly once.
"""

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from hamdel.server.tests.processes import HAMDEL, env_for, run
from hamdel.tickets.tests.smtp_sink import BlackHole, smtp_sink

WRITE_REPLY = """
from hamdel.test import make_agent, make_conversation, make_customer, make_team
from hamdel.tickets.actions import add_message
from hamdel.tickets.models import Direction
team = make_team("Support")
alice = make_agent("alice", teams=[team]).user
conversation = make_conversation(make_customer("Reza"), team=team)
reply = add_message(conversation, direction=Direction.OUTBOUND, body_text="On its way",
                    author_agent=alice, actor=alice)
print(reply.pk)
"""
ATTEMPT = """
from datetime import timedelta
from django.utils import timezone
from hamdel.tickets.actions import attempt_delivery
from hamdel.tickets.actions.delivery import ATTEMPT_LEASE
print(attempt_delivery({pk}, timezone.now() + {lease} * (ATTEMPT_LEASE + timedelta(seconds=1))))
"""


def _delivery(database: Path, pk: int) -> tuple[str, int, str]:
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT delivery, delivery_attempts, external_id FROM tickets_message WHERE id = ?",
            (pk,),
        ).fetchone()
    return str(row[0]), int(row[1]), str(row[2])


def _smtp_env(home: Path, port: int) -> dict[str, str]:
    env = env_for(
        home,
        HAMDEL_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        HAMDEL_SMTP_HOST="127.0.0.1",
        HAMDEL_SMTP_PORT=str(port),
    )
    env.pop("HAMDEL_DATABASE_URL", None)
    env.pop("HAMDEL_REDIS_URL", None)
    return env


def test_a_worker_killed_mid_send_leaves_the_message_to_be_sent_once(tmp_path: Path) -> None:
    hole = BlackHole()
    env = _smtp_env(tmp_path, hole.port)
    run(["migrate", "--verbosity", "0"], env)
    pk = int(run(["shell", "--no-imports", "-c", WRITE_REPLY], env).strip())
    database = tmp_path / "hamdel.sqlite3"
    assert _delivery(database, pk)[0] == "queued"

    worker = subprocess.Popen(  # noqa: S603 - our own command
        [*HAMDEL, "shell", "--no-imports", "-c", ATTEMPT.format(pk=pk, lease=0)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert hole.accepted.wait(60), "the worker never reached the SMTP server"
        assert _delivery(database, pk)[:2] == ("sending", 1)  # recorded before sending
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
        hole.close()

    with smtp_sink() as sink:
        env = _smtp_env(tmp_path, sink.port)
        attempt = ["shell", "--no-imports", "-c"]
        # Within the lease the cut-off attempt counts as under way: nothing is sent.
        assert run([*attempt, ATTEMPT.format(pk=pk, lease=0)], env).strip() == "in progress"
        assert run([*attempt, ATTEMPT.format(pk=pk, lease=1)], env).strip() == "sent"
        assert run([*attempt, ATTEMPT.format(pk=pk, lease=2)], env).strip() == "done"
        deadline = time.monotonic() + 5
        while not sink.received and time.monotonic() < deadline:
            time.sleep(0.05)
    delivery, attempts, message_id = _delivery(database, pk)
    assert (delivery, attempts) == ("sent", 2)
    assert len(sink.received) == 1
    assert sink.received[0]["Message-ID"] == message_id
