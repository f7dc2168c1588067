"""What the benchmark parts share: the PostgreSQL server, percentiles, Markdown tables."""

import statistics
from collections.abc import Mapping, Sequence
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
