"""`hamdel clv fit [--transactions FILE | --summary FILE] [--json]`, `hamdel clv import FILE`."""

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hamdel.value import actions, clv
from hamdel.value.files import FileError, read_summary, read_transactions
from hamdel.value.models import FitState, TransactionImport


class Command(BaseCommand):
    help = (
        "Customer lifetime value: fit BG/NBD and Gamma-Gamma to a file (print only) or to the "
        "stored orders (store each customer's value and set the tiers); import orders from CSV."
    )
    # A fit of a file touches no database; the project's checks (every URL, every model)
    # would only add start-up time. `hamdel check` runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        fit = sub.add_parser("fit", help="fit the models (to a file, else to the stored orders)")
        source = fit.add_mutually_exclusive_group()
        source.add_argument("--transactions", type=Path, help="CSV with customer_id, date, amount")
        source.add_argument(
            "--summary",
            type=Path,
            help="CSV with customer_id, frequency, recency, T[, monetary_value] (weeks)",
        )
        fit.add_argument("--json", action="store_true", help="print JSON")
        importing = sub.add_parser("import", help="import orders from a CSV file")
        importing.add_argument("file", type=Path)
        importing.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        if verb == "import":
            self._import(options["file"], options["json"])
        elif options["transactions"] or options["summary"]:
            self._fit_file(options["transactions"], options["summary"], options["json"])
        else:
            self._fit_stored(options["json"])

    def _fit_file(self, transactions: Path | None, summary: Path | None, as_json: bool) -> None:
        try:
            data = read_transactions(transactions) if transactions else read_summary(summary)  # type: ignore[arg-type]
            fitted = clv.fit(data)
        except (FileError, OSError, clv.FitError) as error:
            raise CommandError(str(error)) from error
        shown = fitted.as_json()
        if as_json:
            self.stdout.write(json.dumps(shown))
            return
        m = fitted.bgnbd
        self.stdout.write(f"customers        {fitted.customers:,}")
        self.stdout.write(
            f"BG/NBD           r={m.r:.4g} alpha={m.alpha:.4g} a={m.a:.4g} b={m.b:.4g}"
        )
        self.stdout.write(f"log-likelihood   {m.log_likelihood:.1f}")
        gg = fitted.gamma_gamma
        if gg is not None:
            self.stdout.write(f"Gamma-Gamma      p={gg.p:.4g} q={gg.q:.4g} v={gg.v:.4g}")

    def _fit_stored(self, as_json: bool) -> None:
        fit = actions.fit_values()
        if fit.state == FitState.FAILED:
            raise CommandError(f"The fit failed: {fit.reason}")
        shown = {
            "bgnbd": {"r": fit.r, "alpha": fit.alpha, "a": fit.a, "b": fit.b},
            "gamma_gamma": {"p": fit.p, "q": fit.q, "v": fit.v},
            "customers": fit.customers,
            "log_likelihood": fit.log_likelihood,
        }
        if as_json:
            self.stdout.write(json.dumps(shown))
        else:
            self.stdout.write(
                f"Fitted {fit.customers:,} customers and {fit.transactions:,} orders "
                f"in {fit.seconds:.1f} s; values and tiers stored."
            )

    def _import(self, path: Path, as_json: bool) -> None:
        try:
            content = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: {error}") from error
        try:
            batch = actions.start_import(path.name, content, None)
        except Exception as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        batch = actions.run_import(batch.pk)
        self._report(batch, as_json)

    def _report(self, batch: TransactionImport, as_json: bool) -> None:
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "rows": batch.total_rows,
                        "imported": batch.imported_rows,
                        "duplicates": batch.duplicate_rows,
                        "skipped": batch.skipped,
                    },
                    ensure_ascii=False,
                )
            )
            return
        self.stdout.write(
            f"{batch.imported_rows:,} imported, {batch.duplicate_rows:,} already there, "
            f"{batch.skipped_rows:,} skipped"
        )
        for skip in batch.skipped:
            sys.stderr.write(f"line {skip['row']}: {skip['reason']}\n")
