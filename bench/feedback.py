"""Survey benchmark: sending N survey invitations (an NPS campaign to every customer).

For each database (SQLite in a temporary HAMDEL_HOME, PostgreSQL in a database of its own,
`hamdel_bench_feedback`, dropped and created again at every run) a child process:

1. seeds N customers (four languages, five tiers), each with an email identity and one
   solved email conversation, by bulk insert;
2. creates one NPS campaign to everyone and runs its batches back to back, as the Huey
   job does (`hamdel.feedback.actions.send_campaign_batch`, 500 customers a batch): per
   customer a survey row, a signed link, the invitation as an automatic outbound message
   (the text pipeline, the search entry, the audit events) and its delivery job queued on
   commit (Huey's SQLite queue in the child's HAMDEL_HOME);
3. reports the time, invitations per second, the slowest batch, and the peak resident
   memory of the process before and after sending (batches keep memory flat), then
   checks that every customer got exactly one survey and one message.

    python -m bench.feedback                   # both databases, small scale, a table
    python -m bench.feedback --scale full      # 100,000 invitations
    python -m bench.feedback --db sqlite       # one child, one JSON line
"""

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Final

from bench.common import (
    POSTGRES_SERVER,
    child_home,
    markdown_table,
    postgres_reachable,
    run_child,
)

SCALES: Final = {"small": 200, "full": 100_000}
POSTGRES_DATABASE: Final = "hamdel_bench_feedback"
DATABASE_NAMES: Final = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
SEED_BATCH: Final = 5_000
LANGUAGES: Final = ("fa", "en", "tr", "ru")
TIERS: Final = ("standard", "silver", "gold", "platinum", "vip")
FIRST_NUMBER: Final = 100_000

Row = dict[str, object]


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _invitations(scale: str) -> int:
    if scale in SCALES:
        return SCALES[scale]
    if scale.isdigit() and int(scale) > 0:
        return int(scale)
    raise SystemExit(f"unknown scale {scale!r}: small, full or a number")


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _seed(total: int) -> None:
    """Customers, their email identities and one solved conversation each, in batches."""
    from django.db import transaction
    from django.utils import timezone

    from hamdel.people.models import Customer, Identity, IdentityKind
    from hamdel.tickets.models import Conversation, Status

    now = timezone.now()
    for start in range(0, total, SEED_BATCH):
        count = min(SEED_BATCH, total - start)
        with transaction.atomic():
            customers = Customer.objects.bulk_create(
                Customer(
                    name=f"Bench customer {start + n}",
                    language=LANGUAGES[(start + n) % len(LANGUAGES)],
                    tier=TIERS[(start + n) % len(TIERS)],
                )
                for n in range(count)
            )
            Identity.objects.bulk_create(
                Identity(
                    customer=customer,
                    kind=IdentityKind.EMAIL,
                    value=f"bench-{customer.pk}@example.com",
                )
                for customer in customers
            )
            Conversation.objects.bulk_create(
                Conversation(
                    number=FIRST_NUMBER + start + n,
                    subject="Order question",
                    customer=customer,
                    channel="email",
                    status=Status.SOLVED,
                    language=customer.language,
                    last_message_at=now - timedelta(days=n % 60),
                    solved_at=now,
                )
                for n, customer in enumerate(customers)
            )


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _send(total: int) -> Row:
    from hamdel.feedback import actions
    from hamdel.feedback.models import Campaign, Survey
    from hamdel.tickets.models import Direction, Message

    everyone = actions.Segment(tiers=[], languages=[], last_contact_days=None)
    campaign = actions.create_campaign("Bench NPS", everyone, datetime.now(UTC), None)
    before = _peak_mb()
    batches: list[float] = []
    began = time.perf_counter()
    more = True
    while more:
        started = time.perf_counter()
        more = actions.send_campaign_batch(campaign.pk)
        batches.append(time.perf_counter() - started)
        if len(batches) % 20 == 0 or not more:
            done = Campaign.objects.get(pk=campaign.pk)
            _log(f"  {done.percent} %: {done.sent:,} sent, {done.skipped:,} skipped")
    seconds = time.perf_counter() - began
    done = Campaign.objects.get(pk=campaign.pk)
    surveys = Survey.objects.filter(campaign=campaign).count()
    distinct = Survey.objects.filter(campaign=campaign).values("customer_id").distinct().count()
    messages = Message.objects.filter(direction=Direction.OUTBOUND).count()
    return {
        "invitations": done.sent,
        "skipped": done.skipped,
        "seconds": round(seconds, 1),
        "per_second": round(done.sent / seconds, 1) if seconds else 0.0,
        "slowest_batch_s": round(max(batches), 2),
        "batches": len(batches),
        "peak_mb_before": before,
        "peak_mb": _peak_mb(),
        "exactly_once": surveys == distinct == messages == total == done.sent,
    }


def worker(database: str, total: int) -> Row:
    import django

    django.setup()
    from django.core.management import call_command

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    _log(f"{DATABASE_NAMES[database]}: migrated in {time.perf_counter() - began:.1f} s")
    began = time.perf_counter()
    _seed(total)
    _analyze()
    seed_seconds = time.perf_counter() - began
    _log(f"  seeded {total:,} customers and conversations in {seed_seconds:.1f} s")
    row = _send(total)
    _log(
        f"  sent {row['invitations']:,} invitations in {row['seconds']} s "
        f"({row['per_second']}/s), peak {row['peak_mb']} MB"
    )
    return {"database": DATABASE_NAMES[database], "seed_s": round(seed_seconds, 1), **row}


# ----- the parent: one child per database --------------------------------------------------


def _child(database: str, scale: str, out: Callable[[str], None]) -> Row:
    return run_child("bench.feedback", database, ["--scale", scale], out)


def run(scale: str, out: Callable[[str], None]) -> list[dict[str, object]]:
    """Both databases at this scale ("small", "full" or a number of invitations)."""
    _invitations(scale)
    rows = [_child("sqlite", scale, out)]
    if postgres_reachable():
        rows.append(_child("postgres", scale, out))
    else:
        out(f"feedback: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
    return rows


COLUMNS: Final = (
    ("database", "database", "{}"),
    ("invitations", "invitations", "{:,}"),
    ("seconds", "send s", "{}"),
    ("per_second", "per second", "{}"),
    ("slowest_batch_s", "slowest batch of 500 s", "{}"),
    ("peak_mb_before", "peak MB before", "{}"),
    ("peak_mb", "peak MB after", "{}"),
    ("exactly_once", "one each", "{}"),
    ("seed_s", "seed s", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    """A Markdown table of the rows."""
    return markdown_table(COLUMNS, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.feedback", description=__doc__)
    parser.add_argument("--scale", default="small", help="small, full, or a number")
    parser.add_argument("--db", choices=sorted(DATABASE_NAMES), help="run one database here")
    parser.add_argument("--json", action="store_true", help="print JSON rows, not a table")
    args = parser.parse_args(argv)
    total = _invitations(args.scale)
    if args.db is None:
        rows = run(args.scale, lambda line: print(line, file=sys.stderr, flush=True))
        print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
        return 0
    with child_home(args.db, POSTGRES_DATABASE, "hamdel-bench-feedback-"):
        row = worker(args.db, total)
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
