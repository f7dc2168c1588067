"""`hamdel clv fit --transactions|--summary FILE --json` prints the documented shape."""

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from hamdel.value import simulate

KEYS = {"bgnbd", "gamma_gamma", "customers", "log_likelihood"}


def _fit(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    call_command("clv", "fit", *args, "--json")
    shown = json.loads(capsys.readouterr().out)
    return shown


def test_fit_of_a_summary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    summary = simulate.summary_of(simulate.simulate(2_000, seed=11))
    path = tmp_path / "summary.csv"
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["customer_id", "frequency", "recency", "T", "monetary_value"])
        for row in zip(
            summary.customer_ids,
            summary.frequency,
            summary.recency,
            summary.T,
            summary.monetary_value if summary.monetary_value is not None else [],
            strict=True,
        ):
            out.writerow(row)
    shown = _fit(capsys, "--summary", str(path))
    assert set(shown) == KEYS
    assert set(shown["bgnbd"]) == {"r", "alpha", "a", "b"}
    assert set(shown["gamma_gamma"]) == {"p", "q", "v"}
    assert shown["customers"] == 2_000
    assert isinstance(shown["log_likelihood"], float)
    assert shown["log_likelihood"] < 0
    assert 0.1 < shown["bgnbd"]["r"] < 0.5


def test_fit_of_a_transactions_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import date, timedelta

    drawn = simulate.simulate(1_500, seed=12)
    end = date(2026, 6, 30)
    path = tmp_path / "orders.csv"
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["customer_id", "date", "amount"])
        for who, week, amount in zip(drawn.customer, drawn.week, drawn.amount, strict=True):
            ago = round((drawn.age[who] - week) * 7)
            out.writerow([f"c{who}", (end - timedelta(days=ago)).isoformat(), f"{amount:.2f}"])
    shown = _fit(capsys, "--transactions", str(path))
    assert set(shown) == KEYS
    assert shown["customers"] == 1_500
    assert 0.1 < shown["bgnbd"]["r"] < 0.5


def test_a_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("customer_id,date,amount\nc1,2026-01-01,5\nc1,yesterday,5\n")
    with pytest.raises(CommandError, match="line 3"):
        call_command("clv", "fit", "--transactions", str(path))


@pytest.mark.django_db
def test_fit_of_the_stored_orders_prints_the_same_shape(capsys: pytest.CaptureFixture[str]) -> None:
    from hamdel.value.tests.factories import seed_customers

    seed_customers(60)
    shown = _fit(capsys)
    assert set(shown) == KEYS
    assert shown["customers"] == 60
