"""`hamdel web` × 2 and `hamdel worker` on PostgreSQL + Redis: events and jobs cross processes.

Runs on the PostgreSQL pass of `make test` (which sets HAMDEL_DATABASE_URL), in a fresh
database of its own and Redis database REDIS_DB, which it empties before and after.
"""

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from psycopg import sql

from hamdel.server.tests.processes import (
    api_post,
    env_for,
    free_port,
    live_socket,
    next_event,
    run,
    seed_people,
    start,
    stop,
    wait_until_up,
)
from hamdel.server.tests.test_embedded_live import NEW_CONVERSATION

POSTGRES = os.environ.get("HAMDEL_DATABASE_URL", "")
REDIS_DB = 9  # reserved for this test: flushed
REDIS = f"redis://127.0.0.1:6379/{REDIS_DB}"

pytestmark = pytest.mark.skipif(
    not POSTGRES.startswith("postgres"),
    reason="needs PostgreSQL: runs on the PostgreSQL pass of `make test`",
)


@pytest.fixture
def scale_out_database() -> Iterator[str]:
    """A fresh PostgreSQL database for the processes, dropped afterwards."""
    name = f"hamdel_scaleout_{secrets.token_hex(4)}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield POSTGRES.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def scale_out_redis() -> Iterator[str]:
    client = redis.Redis.from_url(REDIS)
    try:
        client.ping()
    except redis.ConnectionError as error:
        if os.environ.get("CI", "").lower() == "true":
            raise
        pytest.skip(f"Redis at {REDIS} is unreachable: {error}")
    client.flushdb()
    try:
        yield REDIS
    finally:
        client.flushdb()
        client.close()


def test_two_web_processes_and_a_worker_share_live_events_and_jobs(
    tmp_path: Path, scale_out_database: str, scale_out_redis: str
) -> None:
    env = env_for(
        tmp_path,
        HAMDEL_DATABASE_URL=scale_out_database,
        HAMDEL_REDIS_URL=scale_out_redis,
        HAMDEL_SECRET_KEY=secrets.token_urlsafe(50),
    )
    run(["migrate", "-v0"], env)
    people = seed_people(env)
    http_port, live_port = free_port(), free_port()
    processes = [
        start(["web", "--port", str(http_port)], env, tmp_path / "web-http.log"),
        start(["web", "--websockets", "--port", str(live_port)], env, tmp_path / "web-live.log"),
        start(["worker"], env, tmp_path / "worker.log"),
    ]
    try:
        for port, process, log in [
            (http_port, processes[0], tmp_path / "web-http.log"),
            (live_port, processes[1], tmp_path / "web-live.log"),
        ]:
            wait_until_up(f"http://127.0.0.1:{port}/healthz", process, log, 60)
        with live_socket(live_port, people["session"]) as live:
            # The conversation is created by the WSGI process; the event crosses Redis.
            created = api_post(http_port, people["token"], "/conversations", NEW_CONVERSATION)
            arrived = next_event(live, "live.conversation", 2)
            assert arrived["number"] == created["number"]
            # The mention is pushed by a job that only the worker process runs.
            api_post(
                http_port,
                people["token"],
                f"/conversations/{created['id']}/notes",
                {"body": "@alice please call the courier"},
            )
            notification = next_event(live, "live.notification", 5)
            assert notification["notification"]["kind"] == "mention"
            assert notification["unread"] == 1
        assert "Hamdel worker: 4 threads on RedisHuey" in (tmp_path / "worker.log").read_text()
    finally:
        for process in processes:
            stop(process)
