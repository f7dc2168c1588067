"""What the benchmark parts share: the PostgreSQL server, percentiles, Markdown tables."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Final

import psycopg
from psycopg import sql

POSTGRES_SERVER: Final = "postgresql://postgres@127.0.0.1:5432"

# (row key, column title, format) for each column of a table
Column = tuple[str, str, str]


def percentile(values: Sequence[float], fraction: float) -> float:
    """The `fraction` quantile (0.95 for p95), interpolated between the nearest values."""
    if len(values) == 1:
        return values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[round(fraction * 100) - 1] if 0 < fraction < 1 else cuts[-1]


def reset_postgres(server: str, name: str) -> None:
    """A fresh, empty database `name` on the server, whatever was there before."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        database = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(database))


def postgres_reachable(server: str = POSTGRES_SERVER) -> bool:
    try:
        with psycopg.connect(f"{server}/postgres", connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def markdown_table(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> str:
    lines = [
        "| " + " | ".join(title for _key, title, _form in columns) + " |",
        "|" + "|".join(" --- " for _ in columns) + "|",
    ]
    for row in rows:
        cells = [form.format(row.get(key, "")) for key, _title, form in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run_child(
    module: str, database: str, arguments: list[str], out: Callable[[str], None]
) -> dict[str, Any]:
    """`python -m <module> --db <database> ...` with a clean Hamdel environment; its stderr
    goes to `out` line by line and its last stdout line is the JSON row it measured."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("HAMDEL_")}
    environment.update({"DJANGO_SETTINGS_MODULE": "hamdel.settings", "PYTHONUNBUFFERED": "1"})
    command = [sys.executable, "-m", module, "--db", database, *arguments]
    process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None  # noqa: S101 - PIPE was asked for
    assert process.stdout is not None  # noqa: S101
    tail: list[str] = []
    for line in process.stderr:
        out(line.rstrip("\n"))
        tail = [*tail[-20:], line]
    output = process.stdout.read()
    if process.wait() != 0:
        raise RuntimeError(f"{module} --db {database} failed:\n{''.join(tail)}")
    row: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return row


@contextmanager
def child_home(database: str, postgres_database: str, prefix: str) -> Iterator[str]:
    """A child's environment for one database, set before Django starts: a fresh
    PostgreSQL database `postgres_database` (dropped and made again) or SQLite, and never
    the user's own HAMDEL_HOME but a temporary one (its SQLite file and Huey queue, which a
    worker subprocess shares through the environment). Yields the home."""
    if database == "postgres":
        reset_postgres(POSTGRES_SERVER, postgres_database)
        os.environ["HAMDEL_DATABASE_URL"] = f"{POSTGRES_SERVER}/{postgres_database}"
    else:
        os.environ.pop("HAMDEL_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamdel.settings")
    with tempfile.TemporaryDirectory(prefix=prefix) as home:
        os.environ["HAMDEL_HOME"] = home
        yield home
