"""Customer value benchmark: the BG/NBD + Gamma-Gamma fit of a transactions file.

    python -m bench.value                  # small: 10,000 customers, ~100,000 transactions
    python -m bench.value --scale full     # 100,000 customers, ~1,000,000 transactions
    python -m bench.value --stored 20000   # the nightly job on SQLite (not in make bench)

1. Draws the customers from known parameters (hamdel.value.simulate: two years of data,
   about ten purchases per customer) and writes `customer_id,date,amount` as CSV.
2. A child process reads the file, makes the summary form, fits both models, predicts
   each customer's purchases, probability alive and lifetime value, and reports the time of
   each step and its peak memory (ru_maxrss): nothing else runs in it.
3. `hamdel clv fit --transactions FILE --json` end to end (Python and Django start-up
   included), as an operator runs it.

The fitted parameters are compared with those the data were drawn from.
"""

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

from bench.common import markdown_table

ROOT: Final = Path(__file__).resolve().parent.parent
SCALES: Final = {"small": 10_000, "full": 100_000}  # customers
# Two years of a shop whose customers buy about ten times each (1.0 M rows at full scale).
TRUTH: Final = (1.25, 5.0, 0.7, 5.0)
SPEND: Final = (6.25, 3.74, 15.44)
WEEKS: Final = (52.0, 104.0)
END: Final = date(2026, 6, 30)

Row = dict[str, Any]


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def write_file(customers: int, path: Path, seed: int) -> int:
    from hamdel.value import simulate

    drawn = simulate.simulate(customers, bgnbd=TRUTH, gamma_gamma=SPEND, weeks=WEEKS, seed=seed)
    days_ago = ((drawn.age[drawn.customer] - drawn.week) * 7).round().astype(int)
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["customer_id", "date", "amount"])
        ordinal = END.toordinal()
        for who, ago, amount in zip(drawn.customer, days_ago, drawn.amount, strict=True):
            day = date.fromordinal(ordinal - int(ago)).isoformat()
            out.writerow([f"C{who:06d}", day, f"{amount:.2f}"])
    return len(drawn.customer)


def child(path: Path) -> Row:
    """Every step of the fit in this process, timed; peak memory at the end."""
    started = time.perf_counter()
    from hamdel.value import clv
    from hamdel.value.files import read_transactions

    imported = time.perf_counter()
    summary = read_transactions(path)
    read = time.perf_counter()
    bgnbd = clv.fit_bgnbd(summary.frequency, summary.recency, summary.T)
    fitted_bgnbd = time.perf_counter()
    assert summary.monetary_value is not None  # noqa: S101 - read from amounts
    gg = clv.fit_gamma_gamma(summary.frequency, summary.monetary_value)
    fitted_gg = time.perf_counter()
    model = clv.Fit(bgnbd, gg, len(summary))
    predictions = clv.predict(model, summary, 52.0)
    predicted = time.perf_counter()
    return {
        "customers": len(summary),
        "transactions": summary.transactions,
        "import_s": round(imported - started, 2),
        "read_s": round(read - imported, 2),
        "bgnbd_s": round(fitted_bgnbd - read, 2),
        "gamma_gamma_s": round(fitted_gg - fitted_bgnbd, 2),
        "predict_s": round(predicted - fitted_gg, 2),
        "total_s": round(predicted - started, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "r": round(bgnbd.r, 3),
        "alpha": round(bgnbd.alpha, 3),
        "a": round(bgnbd.a, 3),
        "b": round(bgnbd.b, 3),
        "p": round(gg.p, 3),
        "q": round(gg.q, 3),
        "v": round(gg.v, 3),
        "mean_clv": round(float(predictions.lifetime_value.mean()), 2),
    }


def stored(customers: int, seed: int) -> Row:
    """The nightly job's path in this process, on a fresh SQLite database: `customers`
    customers and their orders inserted in bulk, then `fit_values` (read every order, fit,
    store every value, set every tier: people's update_customer per changed tier)."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from decimal import Decimal

    from hamdel.people.models import Customer
    from hamdel.value import actions, simulate
    from hamdel.value.models import Source, Transaction

    drawn = simulate.simulate(customers, bgnbd=TRUTH, gamma_gamma=SPEND, weeks=WEEKS, seed=seed)
    made = Customer.objects.bulk_create(
        [Customer(name=f"Customer {i}") for i in range(customers)], batch_size=5_000
    )
    from django.utils import timezone

    today = timezone.localdate()
    days_ago = ((drawn.age[drawn.customer] - drawn.week) * 7).round().astype(int)
    Transaction.objects.bulk_create(
        (
            Transaction(
                customer=made[int(who)],
                order_id=f"B-{n}",
                day=today - timedelta(days=int(ago)),
                amount=Decimal(f"{spent:.2f}"),
                currency="EUR",
                source=Source.API,
            )
            for n, (who, ago, spent) in enumerate(
                zip(drawn.customer, days_ago, drawn.amount, strict=True)
            )
        ),
        batch_size=5_000,
    )
    started = time.perf_counter()
    fit = actions.fit_values()
    seconds = time.perf_counter() - started
    changed = Customer.objects.exclude(tier="standard").count()
    return {
        "customers": customers,
        "rows": len(drawn.customer),
        "state": fit.state,
        "stored_s": round(seconds, 1),
        "tiers_changed": changed,
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _command(path: Path, out: Callable[[str], None]) -> float:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("HAMDEL_")}
    environment["DJANGO_SETTINGS_MODULE"] = "hamdel.settings"
    with tempfile.TemporaryDirectory(prefix="hamdel-bench-value-") as home:
        environment["HAMDEL_HOME"] = home
        command = [sys.executable, "-m", "hamdel.cli", "clv", "fit", "--transactions", str(path)]
        started = time.perf_counter()
        result = subprocess.run(  # noqa: S603 - our own command, fixed arguments
            [*command, "--json"], env=environment, capture_output=True, text=True, check=False
        )
        seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"hamdel clv fit failed:\n{result.stderr[-2000:]}")
    shown = json.loads(result.stdout)
    if set(shown) != {"bgnbd", "gamma_gamma", "customers", "log_likelihood"}:
        raise RuntimeError(f"hamdel clv fit --json printed {sorted(shown)}")
    out(f"value: hamdel clv fit: {shown['customers']:,} customers in {seconds:.1f} s")
    return round(seconds, 1)


def run(scale: str, out: Callable[[str], None], seed: int = 2005) -> list[Row]:
    customers = SCALES.get(scale, SCALES["small"])
    with tempfile.TemporaryDirectory(prefix="hamdel-bench-value-") as folder:
        path = Path(folder) / "transactions.csv"
        rows = write_file(customers, path, seed)
        out(f"value: {customers:,} customers, {rows:,} transactions written")
        result = subprocess.run(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "bench.value", "--child", str(path)],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if result.returncode != 0:
            raise RuntimeError(f"bench.value --child failed:\n{result.stderr[-2000:]}")
        row: Row = json.loads(result.stdout.strip().splitlines()[-1])
        row["rows"] = rows
        row["command_s"] = _command(path, out)
    row["scale"] = scale
    row["truth"] = "r={} α={} a={} b={}; p={} q={} v={}".format(*TRUTH, *SPEND)
    out(f"value: {json.dumps(row)}")
    return [row]


COLUMNS: Final = (
    ("scale", "scale", "{}"),
    ("customers", "customers", "{:,}"),
    ("rows", "transactions", "{:,}"),
    ("read_s", "read CSV s", "{}"),
    ("bgnbd_s", "BG/NBD fit s", "{}"),
    ("gamma_gamma_s", "Gamma-Gamma fit s", "{}"),
    ("predict_s", "predict s", "{}"),
    ("total_s", "total s", "{}"),
    ("peak_mb", "peak MB", "{}"),
    ("command_s", "`hamdel clv fit` s", "{}"),
    ("r", "r", "{}"),
    ("alpha", "α", "{}"),
    ("a", "a", "{}"),
    ("b", "b", "{}"),
    ("p", "p", "{}"),
    ("q", "q", "{}"),
    ("v", "v", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    return markdown_table(COLUMNS, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.value", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--json", action="store_true", help="print JSON rows, not a table")
    parser.add_argument("--seed", type=int, default=2005)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--stored",
        type=int,
        metavar="CUSTOMERS",
        help="instead: time the nightly fit of the stored orders of this many customers",
    )
    args = parser.parse_args(argv)
    if args.stored:
        os.environ.pop("HAMDEL_DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "hamdel.settings"
        with tempfile.TemporaryDirectory(prefix="hamdel-bench-value-") as home:
            os.environ["HAMDEL_HOME"] = home
            print(json.dumps(stored(args.stored, args.seed)), flush=True)
        return 0
    if args.child:
        print(json.dumps(child(args.child)), flush=True)
        return 0
    rows = run(args.scale, _log, args.seed)
    print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
