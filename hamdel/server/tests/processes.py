"""Real `hamdel` processes for the tests: start, wait, seed, talk WebSocket, stop."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

HAMDEL = [sys.executable, "-m", "hamdel.cli"]
SEED = "from hamdel.server.tests.processes import seed; seed()"


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "HAMDEL_HOME": str(home), **extra}
    for name in ("DJANGO_SETTINGS_MODULE", "HAMDEL_PORT"):
        env.pop(name, None)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(args: list[str], env: dict[str, str], log: Path) -> "subprocess.Popen[bytes]":
    with log.open("wb") as output:
        return subprocess.Popen(  # noqa: S603 - our own command
            [*HAMDEL, *args], env=env, stdout=output, stderr=subprocess.STDOUT
        )


# A loaded machine (the two test passes at once, a browser beside them) can take minutes to
# start a server: a start is only a failure after this long, whatever the caller asked.
MIN_STARTUP_SECONDS = 300.0


def wait_until_up(url: str, process: "subprocess.Popen[bytes]", log: Path, seconds: float) -> None:
    seconds = max(seconds, MIN_STARTUP_SECONDS)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args!r} exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {seconds} s:\n{log.read_text()}")


def stop(process: "subprocess.Popen[bytes]") -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own command
        [*HAMDEL, *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def seed_people(env: dict[str, str]) -> dict[str, Any]:
    """Support team, Alice (agent) with a browser session, Sam (supervisor) with a token."""
    output = run(["shell", "-c", SEED], env)
    seeded: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return seeded


def seed() -> None:
    """Runs inside `hamdel shell`: prints what the tests need as one JSON line."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from hamdel.api.actions import create_token
    from hamdel.people.models import Role
    from hamdel.test import make_agent, make_team

    support = make_team("Support")
    alice = make_agent("alice", teams=[support]).user
    sam = make_agent("sam", role=Role.SUPERVISOR, teams=[support]).user
    session = SessionStore()
    session[SESSION_KEY] = str(alice.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = alice.get_session_auth_hash()
    session.create()
    _token, secret = create_token(sam, "tests", None)
    print(json.dumps({"session": session.session_key, "token": secret, "alice": alice.pk}))


@contextmanager
def live_socket(port: int, session: str) -> Iterator[ClientConnection]:
    """Alice's live WebSocket, as her browser opens it, past the "hello"."""
    with connect(
        f"ws://127.0.0.1:{port}/ws/live/",
        origin=Origin(f"http://127.0.0.1:{port}"),
        additional_headers={"Cookie": f"sessionid={session}"},
        open_timeout=10,
    ) as socket:
        hello = json.loads(socket.recv(timeout=10))
        assert hello["type"] == "hello", hello
        yield socket


def next_event(socket: ClientConnection, kind: str, seconds: float) -> dict[str, Any]:
    """The next event of type `kind` within `seconds`, skipping others."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            event: dict[str, Any] = json.loads(socket.recv(timeout=left))
        except TimeoutError:
            break
        if event["type"] == kind:
            return event
    raise AssertionError(f"no {kind} event within {seconds} s")


def api_post(port: int, token: str, path: str, data: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"http://127.0.0.1:{port}/api/v1{path}",
        data=json.dumps(data).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        body: dict[str, Any] = json.loads(response.read())
        return body


@contextmanager
def running_app(home: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """`hamdel run` on SQLite in `home` on a free loopback port, with the seeded people."""
    env = env_for(home)
    env.pop("HAMDEL_DATABASE_URL", None)
    env.pop("HAMDEL_REDIS_URL", None)
    port = free_port()
    log = home / "run.log"
    server = start(["run", "--port", str(port)], env, log)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server, log, 90)
        yield port, seed_people(env)
    finally:
        stop(server)
