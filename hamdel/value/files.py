"""Reading `hamdel clv fit` files: transactions (customer_id, date, amount) or the
literature's summary form (customer_id, frequency, recency, T, optional monetary_value)."""

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np

from hamdel.value import clv


class FileError(Exception):
    """The file cannot be read; the message names the line."""


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, list[str], dict[str, int]]]:
    """(line number, cells, column index by lower-case name) of each data line."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [name.strip().lower() for name in next(reader, [])]
        missing = [name for name in required if name.lower() not in header]
        if missing:
            raise FileError(f"{path}: no column {', '.join(missing)} in the header line")
        at = {name: i for i, name in enumerate(header)}
        for line, row in enumerate(reader, start=2):
            if row:
                yield line, row, at


def read_transactions(path: Path) -> clv.Summary:
    ids: list[str] = []
    days: list[int] = []
    amounts: list[float] = []
    for line, row, at in _rows(path, ("customer_id", "date", "amount")):
        try:
            days.append(date.fromisoformat(row[at["date"]].strip()[:10]).toordinal())
            amounts.append(float(row[at["amount"]]))
            ids.append(row[at["customer_id"]].strip())
        except (ValueError, IndexError) as error:
            raise FileError(f"{path}, line {line}: {error}") from None
    if not ids:
        raise FileError(f"{path}: no transactions")
    return clv.summarise(ids, np.asarray(days, dtype=np.int64), np.asarray(amounts))


def read_summary(path: Path) -> clv.Summary:
    ids: list[str] = []
    columns: list[list[float]] = [[], [], [], []]
    spend: int | None = None
    for line, row, at in _rows(path, ("customer_id", "frequency", "recency", "T")):
        spend = at.get("monetary_value")
        try:
            values = [float(row[at[name]]) for name in ("frequency", "recency", "t")]
            values.append(float(row[spend]) if spend is not None else 0.0)
        except (ValueError, IndexError) as error:
            raise FileError(f"{path}, line {line}: {error}") from None
        ids.append(row[at["customer_id"]].strip())
        for column, value in zip(columns, values, strict=True):
            column.append(value)
    if not ids:
        raise FileError(f"{path}: no customers")
    frequency, recency, age, monetary = (np.asarray(column) for column in columns)
    return clv.Summary(ids, frequency, recency, age, monetary if spend is not None else None)
