"""SLA benchmark: the sweep query over many open conversations, and due-to-escalation delay.

For each database (SQLite in a temporary HAMDEL_HOME, PostgreSQL in a database of its own,
`hamdel_bench_sla`, dropped and created again at every run) a child process:

1. seeds N open conversations with bulk inserts, each with a first-response and a resolution
   clock (one conversation in ten is waiting on the customer: its clocks are paused and carry
   no check time), due times spread over a week, and `DUE_IN_THE_MINUTE` clocks due in the
   minute after an instant T;
2. times the sweep's one query, `hamdel.sla.queries.due_before(T + 1 minute, SWEEP_BATCH)`,
   `RUNS` times (after a few warm-up runs) and checks the plan uses the partial index;
3. starts a real worker (`hamdel worker`, the Huey consumer, in a subprocess on the same
   database and queue), leaves it idle for a while as in production, then gives
   `ESCALATIONS` clocks a due time a few seconds ahead, hands them to Huey the way the
   receivers do (`hamdel.sla.jobs.schedule_checks`, an eta task per clock) and measures the
   `sla.escalated` event's time minus the due time.

    python -m bench.sla --scale small          # both databases, a table (well under 60 s)
    python -m bench.sla --scale full --json    # 1,000,000 open conversations
    python -m bench.sla --db postgres --scale 200000   # one child, one JSON line

The settings module reads the environment once, so each database runs in its own process;
`run()` spawns them and returns one row per database.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import IO, Any, Final

from bench.common import (
    POSTGRES_SERVER,
    child_home,
    markdown_table,
    percentile,
    postgres_reachable,
    run_child,
)

SCALES: Final = {"small": 20_000, "full": 1_000_000}
POSTGRES_DATABASE: Final = "hamdel_bench_sla"
DATABASE_NAMES: Final = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
BATCH: Final = 5_000
RUNS: Final = 50
WARM_UP_RUNS: Final = 5
DUE_IN_THE_MINUTE: Final = 100  # clocks due in the minute after T
WAITING_ONE_IN: Final = 10  # one conversation in ten waits on the customer: clocks paused
# The seeded due times start this long after seeding began, so no seeded clock falls due
# while the worker runs and the escalation delay is measured on the clocks meant for it.
QUIET: Final = timedelta(minutes=30)
SPREAD: Final = timedelta(days=7)
ESCALATIONS: Final = 10
FIRST_DUE_S: Final = 2.0  # the first measured clock is due this long after it is scheduled
DUE_STEP_S: Final = 0.3  # and the next ones this much apart
IDLE_S: Final = {"small": 1.0, "full": 75.0}  # the worker idles this long before the clocks
WORKER_THREADS: Final = 4
ESCALATION_TIMEOUT_S: Final = 90.0

Row = dict[str, object]


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _conversations(scale: str) -> int:
    if scale in SCALES:
        return SCALES[scale]
    if scale.isdigit() and int(scale) > 0:
        return int(scale)
    raise SystemExit(f"unknown scale {scale!r}: use small, full or a number of conversations")


# ----- the child process: one database ----------------------------------------------------


def _insert(model: Any, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain INSERTs (COPY on PostgreSQL): the ORM's per-field work would dominate seeding."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: an order of magnitude faster
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def _seed(total: int, now: datetime, rng: random.Random) -> tuple[Any, datetime]:
    """N open conversations with their clocks, by bulk insert; returns (policy, T)."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from hamdel.people.actions import create_customer, create_team
    from hamdel.sla.models import Metric, SlaPolicy, SlaTimer, TimerState
    from hamdel.tickets.models import Channel, Conversation, Status

    team = create_team("Bench team", None)
    customer = create_customer("Bench customer", None)
    policy = SlaPolicy.objects.create(
        name="Bench", first_response_minutes=60, resolution_minutes=480, notify_supervisor=True
    )
    moment = now + QUIET  # T: the instant whose next minute the sweep looks at
    horizon = moment + timedelta(minutes=1)
    spread_s = int(SPREAD.total_seconds())
    stamp = connection.ops.adapt_datetimefield_value

    conversation_columns = [
        "id", "number", "subject", "customer_id", "channel", "status", "priority", "category",
        "team_id", "language", "created_at", "updated_at",
    ]  # fmt: skip
    timer_columns = [
        "conversation_id", "metric", "policy_id", "state", "target_seconds", "warning_percent",
        "remaining_seconds", "started_at", "running_since", "paused_at", "due_at", "warn_at",
        "next_check_at", "warned_at",
    ]  # fmt: skip
    defaults = Conversation()
    planted = 0
    for start in range(0, total, BATCH):
        conversations = []
        timers = []
        for pk in range(start + 1, min(start + BATCH, total) + 1):
            waiting = pk % WAITING_ONE_IN == 0
            status = Status.WAITING if waiting else Status.OPEN
            conversations.append(
                (
                    pk, pk, "", customer.pk, Channel.EMAIL, status, defaults.priority,
                    defaults.category, team.pk, "", stamp(now), stamp(now),
                )
            )  # fmt: skip
            for metric, target in ((Metric.FIRST_RESPONSE, 3600), (Metric.RESOLUTION, 28800)):
                due: datetime | None = None
                if waiting:
                    pass
                elif planted < DUE_IN_THE_MINUTE and metric == Metric.FIRST_RESPONSE:
                    due = moment + timedelta(seconds=rng.uniform(0, 59.9))
                    planted += 1
                else:
                    # After the warning too: nothing else needs a look by T + 1 minute.
                    offset = target // 5 + rng.uniform(0, spread_s)
                    due = moment + timedelta(minutes=2, seconds=offset)
                warn = due - timedelta(seconds=target // 5) if due else None
                warned = due is not None and due < horizon
                timers.append(
                    (
                        pk, metric, policy.pk,
                        TimerState.PAUSED if waiting else TimerState.RUNNING,
                        target, 80, target, stamp(now),
                        None if waiting else stamp(now), stamp(now) if waiting else None,
                        stamp(due), stamp(warn), stamp(due if warned else warn),
                        stamp(now) if warned else None,
                    )
                )  # fmt: skip
        with transaction.atomic():
            _insert(Conversation, conversation_columns, conversations)
            _insert(SlaTimer, timer_columns, timers)
        if (start // BATCH) % 40 == 0:
            _log(f"  {start + len(conversations):,} conversations")
    # Explicit ids leave PostgreSQL's sequence behind; later inserts need it moved on.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Conversation]):
            cursor.execute(statement)
    return policy, moment


def _analyze(database: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    if database == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE sla_slatimer")


def _time_sweep(moment: datetime) -> tuple[list[float], int, bool]:
    from hamdel.sla.actions import SWEEP_BATCH
    from hamdel.sla.models import SlaTimer
    from hamdel.sla.queries import due_before

    horizon = moment + timedelta(minutes=1)
    found = 0
    for _ in range(WARM_UP_RUNS):
        found = len(due_before(horizon, SWEEP_BATCH))
    timings = []
    for _ in range(RUNS):
        began = time.perf_counter()
        found = len(due_before(horizon, SWEEP_BATCH))
        timings.append((time.perf_counter() - began) * 1000)
    plan = (
        SlaTimer.objects.filter(next_check_at__lte=horizon)
        .order_by("next_check_at")
        .values_list("pk", "next_check_at")[:SWEEP_BATCH]
        .explain()
    )
    return timings, found, "sla_timer_next_check_idx" in plan


def _start_worker() -> subprocess.Popen[str]:
    """`hamdel worker` on this process's database and Huey queue (same environment)."""
    command = [sys.executable, "-m", "hamdel.cli", "worker", "--threads", str(WORKER_THREADS)]
    process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        command,
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready = threading.Event()
    lines: list[str] = []

    def read(stream: IO[str]) -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))
            if line.startswith("Hamdel worker:"):
                ready.set()

    assert process.stdout is not None
    threading.Thread(target=read, args=(process.stdout,), daemon=True).start()
    if not ready.wait(60):
        process.kill()
        raise RuntimeError("hamdel worker did not start:\n" + "\n".join(lines[-20:]))
    return process


def _measure_escalations(policy: Any, scale: str) -> list[float]:
    """Clocks due in a few seconds, scheduled as the receivers schedule them; seconds from
    each due time to its `sla.escalated` event, with the worker running."""
    from django.db.models import Max

    from hamdel.audit.models import Event
    from hamdel.sla import jobs
    from hamdel.sla.models import Metric, SlaTimer, TimerState
    from hamdel.tickets.models import Channel, Conversation, Status

    worker = _start_worker()
    try:
        time.sleep(IDLE_S.get(scale, IDLE_S["full"]))
        customer = Conversation.objects.values_list("customer_id", flat=True).first()
        assert customer is not None
        last = Conversation.objects.aggregate(last=Max("number"))["last"] or 0
        conversations = Conversation.objects.bulk_create(
            Conversation(
                number=last + index + 1,
                customer_id=customer,
                channel=Channel.EMAIL,
                status=Status.OPEN,
            )
            for index in range(ESCALATIONS)
        )
        now = datetime.now(UTC)
        timers = SlaTimer.objects.bulk_create(
            SlaTimer(
                conversation=conversation,
                metric=Metric.FIRST_RESPONSE,
                policy=policy,
                state=TimerState.RUNNING,
                target_seconds=60,
                remaining_seconds=60,
                started_at=now,
                running_since=now,
                due_at=now + timedelta(seconds=FIRST_DUE_S + index * DUE_STEP_S),
                warn_at=now,
                warned_at=now,
                next_check_at=now + timedelta(seconds=FIRST_DUE_S + index * DUE_STEP_S),
            )
            for index, conversation in enumerate(conversations)
        )
        jobs.schedule_checks(timers, now)
        due = {timer.pk: timer.due_at for timer in timers}
        deadline = time.monotonic() + ESCALATION_TIMEOUT_S
        escalated: dict[int, datetime] = {}
        while len(escalated) < len(due) and time.monotonic() < deadline:
            time.sleep(0.2)
            escalated = dict(
                Event.objects.filter(verb="sla.escalated", subject_id__in=list(due)).values_list(
                    "subject_id", "created_at"
                )
            )
        if len(escalated) < len(due):
            raise RuntimeError(f"only {len(escalated)} of {len(due)} clocks escalated in time")
        return [
            (escalated[pk] - moment).total_seconds()
            for pk, moment in due.items()
            if moment is not None
        ]
    finally:
        worker.terminate()
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()


def worker(database: str, total: int, scale: str, seed: int) -> Row:
    """Seed, time the sweep and measure escalations on one database (environment set)."""
    import django

    django.setup()
    from django.core.management import call_command

    rng = random.Random(seed)
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    _log(f"{DATABASE_NAMES[database]}: migrated in {time.perf_counter() - began:.1f} s")

    began = time.perf_counter()
    policy, moment = _seed(total, datetime.now(UTC), rng)
    _analyze(database)
    seed_seconds = time.perf_counter() - began
    _log(f"  seeded {total:,} open conversations ({2 * total:,} clocks) in {seed_seconds:.1f} s")

    timings, found, indexed = _time_sweep(moment)
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    _log(f"  sweep: {found} due in the minute, p50 {p50:.2f} ms, p95 {p95:.2f} ms")

    delays = _measure_escalations(policy, scale)
    _log(f"  escalation: p50 {statistics.median(delays):.2f} s, max {max(delays):.2f} s")
    return {
        "benchmark": "sla sweep",
        "database": DATABASE_NAMES[database],
        "open_conversations": total,
        "clocks": 2 * total,
        "due_in_the_minute": found,
        "sweep_uses_index": indexed,
        "p50_ms": round(p50, 2),
        "p95_ms": round(p95, 2),
        "escalations": len(delays),
        "worker_idle_s": IDLE_S.get(scale, IDLE_S["full"]),
        "escalation_delay_p50_s": round(statistics.median(delays), 2),
        "max_s": round(max(delays), 2),
        "seed_s": round(seed_seconds, 1),
    }


# ----- the parent: one child per database --------------------------------------------------


def _child(database: str, scale: str, out: Callable[[str], None]) -> Row:
    return run_child("bench.sla", database, ["--scale", scale], out)


def run(scale: str, out: Callable[[str], None]) -> list[dict[str, object]]:
    """Both databases at this scale ("small", "full" or a number of open conversations)."""
    _conversations(scale)  # refuse an unknown scale before starting anything
    rows = [_child("sqlite", scale, out)]
    if postgres_reachable():
        rows.append(_child("postgres", scale, out))
    else:
        out(f"sla: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
    return rows


COLUMNS: Final = (
    ("database", "database", "{}"),
    ("open_conversations", "open conversations", "{:,}"),
    ("due_in_the_minute", "due in the minute", "{}"),
    ("sweep_uses_index", "index", "{}"),
    ("p50_ms", "sweep p50 ms", "{}"),
    ("p95_ms", "sweep p95 ms", "{}"),
    ("escalation_delay_p50_s", "escalation p50 s", "{}"),
    ("max_s", "escalation max s", "{}"),
    ("seed_s", "seed s", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    """A Markdown table of the rows."""
    return markdown_table(COLUMNS, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sla", description=__doc__)
    parser.add_argument("--scale", default="small", help="small, full, or a number")
    parser.add_argument("--db", choices=sorted(DATABASE_NAMES), help="run one database here")
    parser.add_argument("--json", action="store_true", help="print JSON rows, not a table")
    parser.add_argument("--seed", type=int, default=1042)
    args = parser.parse_args(argv)
    total = _conversations(args.scale)
    if args.db is None:
        rows = run(args.scale, lambda line: print(line, file=sys.stderr, flush=True))
        print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
        return 0
    with child_home(args.db, POSTGRES_DATABASE, "hamdel-bench-sla-"):
        row = worker(args.db, total, args.scale, args.seed)
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
