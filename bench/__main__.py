"""`make bench`: conversation creation, inbox and list latency, memory, on SQLite and PostgreSQL.

    python -m bench --scale small     # CI: 2,000 conversations, under 2 minutes
    python -m bench --scale full      # 100,000 conversations, 400,000 messages

For each database a fresh HAMDEL_HOME (and, for PostgreSQL, a fresh database and Redis
database BENCH_REDIS_DB) is seeded with bulk inserts; then the real servers start:
`hamdel run` on SQLite, `hamdel web` × 2 + `hamdel worker` on PostgreSQL + Redis. The
load generator (bench.load) is a separate process on loopback: 50 clients create
conversations through the API (token auth, Idempotency-Key, the full action and its
audit event), then one client reads the inbox page and the list API. The table is
printed and written into docs/performance.md between this scale's markers.
"""

import argparse
import importlib
import importlib.util
import json
import os
import platform
import re
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
HAMDEL = [sys.executable, "-m", "hamdel.cli"]
POSTGRES_SERVER = os.environ.get(
    "HAMDEL_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
BENCH_REDIS_DB = 8  # reserved for the benchmark: flushed before and after
REDIS_URL = f"redis://127.0.0.1:6379/{BENCH_REDIS_DB}"
SCALES = {
    # conversations seeded, creates measured, reads measured per page
    "small": {"conversations": 2_000, "creates": 600, "reads": 100},
    "full": {"conversations": 100_000, "creates": 3_000, "reads": 300},
}
CLIENTS = 50
WARM_UP = 50  # requests before measuring: imports, connection pools, caches

Row = dict[str, Any]


def _log(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


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


def _wait_until_up(port: int, process: "subprocess.Popen[bytes]", seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            url = f"http://127.0.0.1:{port}/healthz"
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"port {port} did not answer within {seconds} s")


def _descendants(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        for child in children:
            found += _descendants(int(child))
    return found


def _peak_mb(pid: int) -> float:
    """Peak resident memory of a process and its children (granian's workers), in MB."""
    total = 0
    for each in _descendants(pid):
        status = Path(f"/proc/{each}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        total += int(match.group(1)) if match else 0
    return round(total / 1024, 1)


def _load(kind: str, ports: list[int], clients: int, requests: int, seeded: Row) -> Row:
    command = [
        sys.executable, "-m", "bench.load", "--kind", kind,
        "--ports", ",".join(map(str, ports)), "--clients", str(clients),
        "--requests", str(requests), "--token", seeded["token"], "--session", seeded["session"],
    ]  # fmt: skip
    result = subprocess.run(  # noqa: S603 - our own command
        command, cwd=ROOT, capture_output=True, text=True, check=True
    )
    row: Row = json.loads(result.stdout.strip().splitlines()[-1])
    return row


@contextmanager
def _postgres_database() -> Iterator[str]:
    name = f"hamdel_bench_{secrets.token_hex(3)}"
    with psycopg.connect(POSTGRES_SERVER, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield POSTGRES_SERVER.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(POSTGRES_SERVER, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextmanager
def _processes(commands: list[list[str]], env: dict[str, str], home: Path) -> Iterator[list[Any]]:
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


def measure(database: str, scale: str) -> Row:
    sizes = SCALES[scale]
    with tempfile.TemporaryDirectory(prefix="hamdel-bench-") as folder:
        home = Path(folder)
        env = {**os.environ, "HAMDEL_HOME": folder, "HAMDEL_SECRET_KEY": secrets.token_urlsafe(50)}
        for name in ("HAMDEL_DATABASE_URL", "HAMDEL_REDIS_URL", "DJANGO_SETTINGS_MODULE"):
            env.pop(name, None)
        with _postgres_database() if database == "postgres" else _nothing() as url:
            if url:
                env["HAMDEL_DATABASE_URL"] = url
                env["HAMDEL_REDIS_URL"] = REDIS_URL
                redis.Redis.from_url(REDIS_URL).flushdb()
            return _measure_in(database, sizes, env, home)


@contextmanager
def _nothing() -> Iterator[str]:
    yield ""


def _measure_in(database: str, sizes: dict[str, int], env: dict[str, str], home: Path) -> Row:
    started = time.perf_counter()
    _hamdel(["migrate", "-v0"], env)
    seed = f"from bench.seed import seed; seed({sizes['conversations']})"
    seeded: Row = json.loads(_hamdel(["shell", "-c", seed], env).strip().splitlines()[-1])
    seconds_to_seed = time.perf_counter() - started
    _log(f"{database}: seeded {seeded['conversations']:,} conversations in {seconds_to_seed:.0f} s")
    ports = [_free_port(), _free_port()]
    if database == "sqlite":
        commands = [["run", "--port", str(ports[0])]]
        ports = ports[:1]
    else:
        commands = [["web", "--port", str(port)] for port in ports] + [["worker"]]
    with _processes(commands, env, home) as processes:
        for port, process in zip(ports, processes, strict=False):
            _wait_until_up(port, process)
        _load("list", ports, 5, WARM_UP, seeded)
        _load("create", ports, 5, WARM_UP, seeded)
        creates = _load("create", ports, CLIENTS, sizes["creates"], seeded)
        _log(f"{database}: {creates['rate']} creates/s")
        inbox = _load("inbox", ports, 1, sizes["reads"], seeded)
        listing = _load("list", ports, 1, sizes["reads"], seeded)
        memory = [_peak_mb(process.pid) for process in processes]
    return {
        "database": database,
        "servers": " + ".join("hamdel " + command[0] for command in commands),
        "conversations": seeded["conversations"],
        "messages": seeded["messages"],
        "seed_seconds": round(seconds_to_seed, 1),
        "creates": creates,
        "inbox": inbox,
        "list": listing,
        "peak_memory_mb": memory,
    }


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    gigabytes = int(memory.group(1)) / 1024 / 1024 if memory else 0
    try:
        with psycopg.connect(POSTGRES_SERVER, connect_timeout=3) as connection:
            row = connection.execute("SHOW server_version").fetchone()
            postgres = f"PostgreSQL {row[0] if row else '?'}"
    except psycopg.Error:
        postgres = "PostgreSQL unreachable"
    return (
        f"{cpu}, {os.cpu_count()} cores, {gigabytes:.1f} GB RAM; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; SQLite "
        f"{sqlite3.sqlite_version}; {postgres}"
    )


def table(rows: Sequence[Row]) -> str:
    head = (
        "| database | servers | conversations / messages | creates/s (50 clients) "
        "| create p50 / p99 ms | load generator CPU | inbox p50 / p95 ms "
        "| list API p50 / p95 ms | peak memory MB per process |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
    )
    lines = []
    for row in rows:
        creates, inbox, listing = row["creates"], row["inbox"], row["list"]
        errors = creates["errors"] + inbox["errors"] + listing["errors"]
        lines.append(
            f"| {row['database']} | {row['servers']} | {row['conversations']:,} / "
            f"{row['messages']:,} | {creates['rate']:.0f}{f' ({errors} errors)' if errors else ''} "
            f"| {creates['p50_ms']:.0f} / {creates['p99_ms']:.0f} "
            f"| {creates['cpu_share'] * 100:.0f} % of the machine "
            f"| {inbox['p50_ms']:.1f} / {inbox['p95_ms']:.1f} "
            f"| {listing['p50_ms']:.1f} / {listing['p95_ms']:.1f} "
            f"| {' + '.join(f'{mb:.0f}' for mb in row['peak_memory_mb'])} |"
        )
    return head + "\n".join(lines) + "\n"


def write_docs(scale: str, rows: Sequence[Row], path: Path) -> None:
    """Replace this scale's section of docs/performance.md (between its markers)."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"<!-- bench:{scale} -->\n"
        f"`make bench SCALE={scale}`, {stamp}, on {machine()}.\n\n{table(rows)}"
        f"<!-- /bench:{scale} -->"
    )
    text = path.read_text() if path.exists() else "# Performance\n\n"
    pattern = re.compile(rf"<!-- bench:{scale} -->.*?<!-- /bench:{scale} -->", re.S)
    text = (
        pattern.sub(lambda _match: section, text)
        if pattern.search(text)
        else text + "\n" + section + "\n"
    )
    path.write_text(text)


# The parts that seed their own data, each a module with run(scale, log) and table(rows);
# their figures go to docs/performance-<part>.md (mail: docs/email.md, "Benchmark").
PARTS = (
    ("search", "bench.search"),
    ("sla", "bench.sla"),
    ("webform", "bench.webform"),
    ("promises", "bench.promises"),
    ("messaging", "bench.messaging"),
    ("mail", "bench.mail"),
    ("chat", "bench.chat"),
    ("phone", "bench.phone"),
    ("complaints", "bench.complaints"),
    ("compensation", "bench.compensation"),
    ("feedback", "bench.feedback"),
    ("value", "bench.value"),
    ("loyalty", "bench.loyalty"),
    ("conduct", "bench.conduct"),
    ("staffing", "bench.staffing"),
    ("knowledge", "bench.knowledge"),
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    parser.add_argument(
        "--only",
        choices=["app", *(name for name, _module in PARTS)],
        help=(
            "one part: the app (creates, inbox, list), search, the SLA sweep, the web form, "
            "or promises (feasibility, concurrent booking)"
        ),
    )
    args = parser.parse_args(argv)
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    started = time.perf_counter()
    failures = 0
    if args.only in (None, "app"):
        rows = [measure(database, args.scale) for database in databases]
        print(table(rows))
        if args.json:
            print(json.dumps(rows, indent=2))
        write_docs(args.scale, rows, args.docs)
        kinds = ("creates", "inbox", "list")
        failures = sum(row[kind]["errors"] for row in rows for kind in kinds)
    # Search, the SLA sweep and the web form seed their own data (docs/performance-search.md,
    # docs/performance-sla.md and docs/performance-webform.md hold their figures).
    for name, module in PARTS:
        if args.only not in (None, name):
            continue
        if importlib.util.find_spec(module) is None:
            _log(f"{name}: NO BENCHMARK YET ({module} does not exist)")
            failures += 1
            continue
        part = importlib.import_module(module)
        print(part.table(part.run(args.scale, _log)))
    _log(f"done in {time.perf_counter() - started:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
