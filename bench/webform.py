"""Web form benchmark: contact-form submissions per second with 20 clients.

For each database a fresh HAMDEL_HOME (and, for PostgreSQL, a database of its own,
`hamdel_bench_webform`, dropped and created again at every run, with Redis database
BENCH_REDIS_DB) gets the real servers: `hamdel run` on SQLite, `hamdel web` × 2 +
`hamdel worker` on PostgreSQL + Redis. The default form is set to accept posts at once
and without a per-address limit (every client is 127.0.0.1). Then 20 client threads,
each its own keep-alive connection and CSRF cookie, do what a browser does: GET the form
(a fresh signed token), POST it. Each submission is the whole door: receive_message
(customer, conversation, text pipeline, index, events), the SLA clocks, the
submission and the acknowledgement queued for the email transport.

    python -m bench.webform --scale small      # 400 submissions per database
    python -m bench.webform --scale full       # 4,000
"""

import argparse
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import redis

from bench.common import (
    POSTGRES_SERVER,
    markdown_table,
    percentile,
    postgres_reachable,
    reset_postgres,
)

ROOT: Final = Path(__file__).resolve().parent.parent
HAMDEL: Final = [sys.executable, "-m", "hamdel.cli"]
SCALES: Final = {"small": 400, "full": 4_000}
CLIENTS: Final = 20
WARM_UP: Final = 20  # submissions before measuring: imports, connection pools, caches
POSTGRES_DATABASE: Final = "hamdel_bench_webform"
REDIS_URL: Final = "redis://127.0.0.1:6379/8"  # bench's reserved Redis database
SEED: Final = (
    "from hamdel.sla.actions import save_policy; from hamdel.sla.models import SlaPolicy; "
    "from hamdel.webform import queries; "
    "save_policy(SlaPolicy(name='Web form', first_response_minutes=240)); "
    "form = queries.default_form(); form.min_seconds = 0; form.max_per_ip = 10**9; form.save()"
)
TOKEN: Final = re.compile(r'name="token" value="([^"]+)"')
CSRF: Final = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NUMBER: Final = re.compile(r'id="number">#(\d+)<')

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


def _wait_until_up(
    port: int, process: "subprocess.Popen[bytes]", log: Path, seconds: float = 90
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited early:\n{log.read_text()[-3000:]}")
        try:
            url = f"http://127.0.0.1:{port}/healthz"
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"port {port} did not answer within {seconds} s")


class Customer:
    """One client: a keep-alive connection and a cookie jar of one (the CSRF cookie)."""

    def __init__(self, port: int, serial: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""
        self.serial = serial

    def submit(self, n: int) -> tuple[float, bool]:
        """GET the form and POST it; (seconds the POST took, accepted)."""
        self.connection.request("GET", "/contact/?lang=en", headers=self._headers())
        page = self.connection.getresponse()
        html = page.read().decode()
        cookie = page.getheader("Set-Cookie") or ""
        if "csrftoken=" in cookie:
            self.cookie = cookie.split(";", 1)[0]
        token, csrf = TOKEN.search(html), CSRF.search(html)
        if token is None or csrf is None:
            return 0.0, False
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf.group(1),
                "token": token.group(1),
                "lang": "en",
                "name": f"Bench Customer {self.serial}",
                "contact": f"bench-{self.serial}-{n}@example.com",
                "message": f"Order {n} from client {self.serial} has not arrived yet.",
                "website": "",
            }
        )
        headers = {**self._headers(), "Content-Type": "application/x-www-form-urlencoded"}
        started = time.perf_counter()
        self.connection.request("POST", "/contact/?lang=en", body=body, headers=headers)
        answer = self.connection.getresponse()
        text = answer.read().decode()
        took = time.perf_counter() - started
        return took, answer.status == 200 and NUMBER.search(text) is not None

    def _headers(self) -> dict[str, str]:
        return {"Cookie": self.cookie} if self.cookie else {}


def _load(ports: list[int], total: int) -> Row:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))

    def client(serial: int) -> None:
        nonlocal errors
        customer = Customer(ports[serial % len(ports)], serial)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            try:
                took, accepted = customer.submit(n)
            except (OSError, http.client.HTTPException):
                took, accepted = 0.0, False
                customer = Customer(ports[serial % len(ports)], serial)
            with lock:
                if accepted:
                    latencies.append(took)
                else:
                    errors += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(serial,)) for serial in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    return {
        "submissions": len(latencies),
        "errors": errors,
        "rate": round(len(latencies) / seconds, 1),
        "post_p50_ms": round(percentile(latencies, 0.5) * 1000, 1) if latencies else 0,
        "post_p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if latencies else 0,
    }


def measure(database: str, total: int, out: Callable[[str], None]) -> Row:
    with tempfile.TemporaryDirectory(prefix="hamdel-bench-webform-") as folder:
        home = Path(folder)
        env = {key: value for key, value in os.environ.items() if not key.startswith("HAMDEL_")}
        env.update({"HAMDEL_HOME": folder, "HAMDEL_SECRET_KEY": secrets.token_urlsafe(50)})
        env.pop("DJANGO_SETTINGS_MODULE", None)
        ports = [_free_port(), _free_port()]
        if database == "postgres":
            reset_postgres(POSTGRES_SERVER, POSTGRES_DATABASE)
            env["HAMDEL_DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
            env["HAMDEL_REDIS_URL"] = REDIS_URL
            redis.Redis.from_url(REDIS_URL).flushdb()
            commands = [["web", "--port", str(port)] for port in ports] + [["worker"]]
        else:
            ports = ports[:1]
            commands = [["run", "--port", str(ports[0])]]
        _hamdel(["migrate", "-v0"], env)
        _hamdel(["shell", "-c", SEED], env)
        with _servers(commands, env, home) as processes:
            for n, port in enumerate(ports):
                _wait_until_up(port, processes[n], home / f"process-{n}.log")
            _load(ports, WARM_UP)
            row = _load(ports, total)
        out(f"webform: {database}: {row['rate']} submissions/s, {row['errors']} errors")
        if database == "postgres":
            redis.Redis.from_url(REDIS_URL).flushdb()
        return {
            "database": "SQLite" if database == "sqlite" else "PostgreSQL + Redis",
            "servers": " + ".join("hamdel " + command[0] for command in commands),
            "clients": CLIENTS,
            **row,
        }


def run(scale: str, out: Callable[[str], None]) -> list[Row]:
    total = SCALES[scale]
    rows = [measure("sqlite", total, out)]
    if postgres_reachable():
        rows.append(measure("postgres", total, out))
    else:
        out(f"webform: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
    return rows


COLUMNS: Final = (
    ("database", "database", "{}"),
    ("servers", "servers", "{}"),
    ("clients", "clients", "{}"),
    ("submissions", "submissions", "{:,}"),
    ("errors", "errors", "{}"),
    ("rate", "submissions/s", "{}"),
    ("post_p50_ms", "POST p50 ms", "{}"),
    ("post_p95_ms", "POST p95 ms", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    return markdown_table(COLUMNS, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.webform", description=__doc__)
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
