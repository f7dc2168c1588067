"""Chat benchmark: round-trip latency of a visitor's message to the agent's socket.

For each topology a fresh HAMDEL_HOME (and, for PostgreSQL, a database of its own,
`hamdel_bench_chat`, dropped and created again at every run, with Redis database 8) gets
the real servers: `hamdel run` on SQLite; `hamdel web --websockets` × 2 + `hamdel worker`
on PostgreSQL + Redis (visitors and agents spread over both web processes, so most
messages cross processes through the Redis channel layer). A widget, and agents enough
for every chat at the widget's capacity, are seeded; each agent opens the chat desk with
a browser session. Then SESSIONS visitors open the widget's socket at once (each behind a
distinct X-Forwarded-For address, HAMDEL_TRUSTED_PROXIES=1, as a load balancer would send
them: the per-address socket cap stays on), send a first message, and are taken by an
agent. Each visitor then sends MESSAGES messages, one every PACE seconds on average
(jittered); a message's latency is from the visitor's send to the frame on its agent's
socket: stored through receive_message (customer, conversation, text pipeline, index,
events) and pushed through the channel layer.

    python -m bench.chat --scale small      # 200 sessions, 2 messages each, SQLite only
    python -m bench.chat --scale full       # 200 sessions, 12 messages each, both topologies
"""

import argparse
import asyncio
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import redis
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin

from bench.common import (
    POSTGRES_SERVER,
    markdown_table,
    percentile,
    postgres_reachable,
    reset_postgres,
)

ROOT: Final = Path(__file__).resolve().parent.parent
HAMDEL: Final = [sys.executable, "-m", "hamdel.cli"]
SESSIONS: Final = 200
# scale → (messages per visitor after the first, PostgreSQL topology too)
SCALES: Final = {"small": (2, False), "full": (12, True)}
# Seconds between one visitor's messages, on average (a brisk chat): 20 messages/s in all.
PACE: Final = 10.0
CAPACITY: Final = 10  # chats per agent: SESSIONS / CAPACITY agents are seeded
ORIGIN: Final = "https://shop.bench.example"
POSTGRES_DATABASE: Final = "hamdel_bench_chat"
REDIS_URL: Final = "redis://127.0.0.1:6379/8"  # bench's reserved Redis database
SETTLE: Final = 3.0  # seconds after the last chat is taken, before messages are measured
TIMEOUT: Final = 60.0  # seconds any one wait may take before the run counts it an error

SEED: Final = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from hamdel.chat.actions import save_widget
from hamdel.chat.models import Widget
from hamdel.people.actions import create_agent, create_team, set_presence
from hamdel.people.models import Presence
team = create_team("Chat bench", None)
widget = save_widget(Widget(), {"name": "Bench", "team": team, "allowed_origins": [%(origin)r],
    "agent_capacity": %(capacity)d, "no_answer_seconds": 3600}, None)
sessions = []
for n in range(%(agents)d):
    agent = create_agent(f"bench-agent-{n}", None, password="bench-password-123", teams=[team])
    set_presence(agent, Presence.AVAILABLE)
    store = SessionStore()
    store[SESSION_KEY] = str(agent.user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = agent.user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
print(json.dumps({"widget": widget.pk, "sessions": sessions}))
"""

Row = dict[str, Any]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _hamdel(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own command
        [*HAMDEL, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"hamdel {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@contextmanager
def _servers(
    commands: list[list[str]], env: dict[str, str], home: Path
) -> Iterator[list["subprocess.Popen[bytes]"]]:
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for n, command in enumerate(commands):
            with (home / f"process-{n}.log").open("wb") as log:
                processes.append(
                    subprocess.Popen(  # noqa: S603 - our own command
                        [*HAMDEL, *command], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
                    )
                )
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_until_up(port: int, process: "subprocess.Popen[bytes]", log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited early:\n{log.read_text()[-3000:]}")
        try:
            url = f"http://127.0.0.1:{port}/healthz"
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"port {port} did not answer within 90 s")


async def _next(socket: ClientConnection, kind: str) -> dict[str, Any]:
    while True:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(socket.recv(), TIMEOUT))
        if frame["type"] == kind:
            return frame


class Agent:
    """One agent's desk: takes every chat offered while it has room, and notes when each
    visitor message arrives."""

    def __init__(
        self, socket: ClientConnection, arrivals: dict[str, float], index: int, agents: int
    ) -> None:
        self.socket, self.arrivals = socket, arrivals
        self.index, self.agents = index, agents

    async def listen(self) -> None:
        try:
            async for raw in self.socket:
                frame = json.loads(raw)
                # Every agent of the team is rung; one takes the chat, as people do (each
                # takes its share, so there is no stampede of refused accepts).
                if frame["type"] == "offer" and frame["session"] % self.agents == self.index:
                    await self.socket.send(
                        json.dumps({"type": "accept", "session": frame["session"]})
                    )
                elif frame["type"] == "message" and frame["message"]["direction"] == "inbound":
                    self.arrivals.setdefault(frame["message"]["client_id"], time.perf_counter())
        except Exception:  # noqa: BLE001, S110 - the socket closed when the run ended
            return


async def _visitor(
    ws_url: str,
    serial: int,
    messages: int,
    sent: dict[str, float],
    taken: list[int],
    ready: asyncio.Event,
) -> int:
    """One visitor's chat; returns the number of errors it met."""
    headers = {"X-Forwarded-For": f"10.{serial // 250}.{serial % 250}.1"}
    async with connect(
        ws_url, origin=Origin(ORIGIN), additional_headers=headers, open_timeout=TIMEOUT
    ) as socket:
        await socket.send(json.dumps({"type": "start", "token": "", "language": "en"}))
        await _next(socket, "welcome")
        await socket.send(
            json.dumps(
                {"type": "message", "id": f"s{serial}-0", "text": f"Hello, I am visitor {serial}."}
            )
        )
        await _next(socket, "agent")  # an agent took the chat
        taken.append(serial)
        await ready.wait()
        errors = 0
        for n in range(1, messages + 1):
            await asyncio.sleep(random.uniform(0, 2 * PACE))  # noqa: S311 - jitter, not secrets
            client_id = f"s{serial}-{n}"
            sent[client_id] = time.perf_counter()
            await socket.send(
                json.dumps(
                    {
                        "type": "message",
                        "id": client_id,
                        "text": f"Order {serial}-{n} has not arrived yet.",
                    }
                )
            )
            try:
                await _next(socket, "stored")
            except (TimeoutError, OSError):
                errors += 1
        await asyncio.sleep(1)
        return errors


async def _load(ports: list[int], widget: int, sessions: list[str], messages: int) -> Row:
    arrivals: dict[str, float] = {}
    sent: dict[str, float] = {}
    agents: list[Agent] = []
    sockets: list[ClientConnection] = []
    for n, session in enumerate(sessions):
        port = ports[n % len(ports)]
        socket = await connect(
            f"ws://127.0.0.1:{port}/ws/chat/agent/",
            origin=f"http://127.0.0.1:{port}",  # type: ignore[arg-type]
            additional_headers={"Cookie": f"sessionid={session}"},
            open_timeout=TIMEOUT,
        )
        await _next(socket, "hello")
        sockets.append(socket)
        agents.append(Agent(socket, arrivals, n, len(sessions)))
    listeners = [asyncio.ensure_future(agent.listen()) for agent in agents]
    ready = asyncio.Event()
    taken: list[int] = []
    visitors = [
        asyncio.ensure_future(
            _visitor(
                f"ws://127.0.0.1:{ports[serial % len(ports)]}/ws/chat/{widget}/",
                serial,
                messages,
                sent,
                taken,
                ready,
            )
        )
        for serial in range(SESSIONS)
    ]
    # Every visitor past its first message and taken, then the measured messages start.
    while len(taken) < SESSIONS:
        if any(task.done() for task in visitors):
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(SETTLE)
    started = time.perf_counter()
    ready.set()
    results = await asyncio.gather(*visitors, return_exceptions=True)
    seconds = time.perf_counter() - started
    for socket in sockets:
        await socket.close()
    for listener in listeners:
        listener.cancel()
    failed = [result for result in results if not isinstance(result, int)]
    if failed:
        print(f"chat: {len(failed)} visitors failed, first: {failed[0]!r}", file=sys.stderr)
    errors = sum(result if isinstance(result, int) else 1 for result in results)
    latencies = sorted(arrivals[key] - sent[key] for key in sent if key in arrivals)
    errors += sum(1 for key in sent if key not in arrivals)
    return {
        "messages": len(latencies),
        "errors": errors,
        "rate": round(len(latencies) / seconds, 1) if seconds else 0,
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1) if latencies else 0,
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if latencies else 0,
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1) if latencies else 0,
    }


def measure(database: str, messages: int, out: Callable[[str], None]) -> Row:
    with tempfile.TemporaryDirectory(prefix="hamdel-bench-chat-") as folder:
        home = Path(folder)
        env = {key: value for key, value in os.environ.items() if not key.startswith("HAMDEL_")}
        env.update(
            {
                "HAMDEL_HOME": folder,
                "HAMDEL_SECRET_KEY": secrets.token_urlsafe(50),
                "HAMDEL_TRUSTED_PROXIES": "1",
            }
        )
        env.pop("DJANGO_SETTINGS_MODULE", None)
        ports = [_free_port(), _free_port()]
        if database == "postgres":
            reset_postgres(POSTGRES_SERVER, POSTGRES_DATABASE)
            env["HAMDEL_DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
            env["HAMDEL_REDIS_URL"] = REDIS_URL
            redis.Redis.from_url(REDIS_URL).flushdb()
            commands = [["web", "--websockets", "--port", str(port)] for port in ports] + [
                ["worker"]
            ]
        else:
            ports = ports[:1]
            commands = [["run", "--port", str(ports[0])]]
        _hamdel(["migrate", "-v0"], env)
        code = SEED % {"origin": ORIGIN, "capacity": CAPACITY, "agents": SESSIONS // CAPACITY}
        seeded = json.loads(_hamdel(["shell", "-c", code], env).strip().splitlines()[-1])
        with _servers(commands, env, home) as processes:
            for n, port in enumerate(ports):
                _wait_until_up(port, processes[n], home / f"process-{n}.log")
            row = asyncio.run(_load(ports, seeded["widget"], seeded["sessions"], messages))
        out(f"chat: {database}: p95 {row['p95_ms']} ms, {row['errors']} errors")
        if database == "postgres":
            redis.Redis.from_url(REDIS_URL).flushdb()
        return {
            "database": "SQLite" if database == "sqlite" else "PostgreSQL + Redis",
            "servers": " + ".join(
                "hamdel " + " ".join(c for c in command if not c.isdigit() and c != "--port")
                for command in commands
            ),
            "sessions": SESSIONS,
            **row,
        }


def run(scale: str, out: Callable[[str], None]) -> list[Row]:
    messages, both = SCALES[scale]
    rows = [measure("sqlite", messages, out)]
    if not both:
        out("chat: PostgreSQL + Redis runs at --scale full (docs/performance-chat.md)")
    elif postgres_reachable():
        rows.append(measure("postgres", messages, out))
    else:
        out(f"chat: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
    return rows


COLUMNS: Final = (
    ("database", "database", "{}"),
    ("servers", "servers", "{}"),
    ("sessions", "sessions", "{}"),
    ("messages", "messages", "{:,}"),
    ("errors", "errors", "{}"),
    ("rate", "messages/s", "{}"),
    ("p50_ms", "p50 ms", "{}"),
    ("p95_ms", "p95 ms", "{}"),
    ("p99_ms", "p99 ms", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    return markdown_table(COLUMNS, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.chat", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = run(args.scale, lambda text: print(text, file=sys.stderr, flush=True))
    print(table(rows))
    if args.json:
        print(json.dumps(rows))
    return 1 if any(row["errors"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
