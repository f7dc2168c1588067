"""Inbox and conversation page latency at scale, as an agent and as a supervisor.

    python -m bench.inbox --scale small                  # 2,000 conversations, both databases
    python -m bench.inbox --scale full --requests 50     # 100,000 conversations, 400,000 messages
    python -m bench.inbox --scale full --keep            # seed once, reuse on the next run
    python -m bench.inbox --db sqlite --scale full --only all,mine

For each database a child process (the settings module reads the environment once) seeds
with `bench.seed` (bulk inserts: 5 teams, the supervisor "sam" on all of them, the agent
"alice" on one, every 7th conversation assigned to her), then spreads created/updated
times over a year and adds on-hold, closed and spam conversations, collaborations and
tags, so every inbox view has rows. SQLite lives in a temporary HAMDEL_HOME (with --keep:
`$TMPDIR/hamdel-inbox-perf`), PostgreSQL in the database `hamdel_inbox_perf` (dropped and
created again unless --keep). Then Django's test Client (in process: no HTTP server, so
the figures are the view's own time) requests every inbox view's first page and its third
page (following the cursor of the "Next page" link) as alice and as sam, and a
conversation page, REQUESTS times each after a warm-up, and reports p50/p95 in ms and the
number of queries of one request.
"""

import argparse
import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import IO, Any, Final

from bench.common import POSTGRES_SERVER, percentile

SCALES: Final = {"small": 2_000, "full": 100_000}
POSTGRES_DATABASE: Final = "hamdel_inbox_perf"
VIEWS: Final = ("mine", "unassigned", "team", "all", "waiting", "solved", "spam")
WARM_UP: Final = 3
LATER_PAGE: Final = 3  # the page reached by following the cursor
ROOT: Final = Path(__file__).resolve().parent.parent

Row = dict[str, Any]


def _log(text: str) -> None:
    print(f"[bench.inbox] {text}", file=sys.stderr, flush=True)


# --- the child: one database ---------------------------------------------------------------


def _prepare_environment(database: str, keep: bool) -> None:
    if database == "postgres":
        import psycopg
        from psycopg import sql

        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [POSTGRES_DATABASE]
            ).fetchone()
            if exists and not keep:
                admin.execute(
                    sql.SQL("DROP DATABASE {} WITH (FORCE)").format(
                        sql.Identifier(POSTGRES_DATABASE)
                    )
                )
            if not exists or not keep:
                admin.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(POSTGRES_DATABASE))
                )
        os.environ["HAMDEL_DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
    else:
        os.environ.pop("HAMDEL_DATABASE_URL", None)
    if keep:
        home = Path(tempfile.gettempdir()) / f"hamdel-inbox-perf-{database}"
        home.mkdir(exist_ok=True)
    else:
        home = Path(tempfile.mkdtemp(prefix="hamdel-inbox-"))
    os.environ["HAMDEL_HOME"] = str(home)
    os.environ.setdefault("HAMDEL_SECRET_KEY", "bench-inbox-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "hamdel.settings"


def _seed(conversations: int) -> None:
    """bench.seed's bulk inserts, then times and statuses spread like a year of work."""
    from django.db import connection, transaction

    from bench.seed import seed
    from hamdel.tickets.models import Conversation, Tag

    with contextlib.redirect_stdout(io.StringIO()):
        seed(conversations)
    table = Conversation._meta.db_table
    tags = Conversation.tags.through._meta.db_table
    collaborators = Conversation.collaborators.through._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        # bench.seed leaves created/updated at "now"; last_message_at is spread over a year.
        cursor.execute(
            f"UPDATE {table} SET created_at = last_message_at, updated_at = last_message_at, "  # noqa: S608
            "status = CASE WHEN id % 50 = 0 THEN 'spam' WHEN id % 11 = 0 THEN 'closed' "
            "WHEN id % 13 = 0 THEN 'on_hold' ELSE status END"
        )
        Tag.objects.bulk_create([Tag(name=f"tag{n}") for n in range(20)])
        tag_ids = list(Tag.objects.values_list("pk", flat=True))
        cursor.execute(f"SELECT id FROM {table} WHERE id % 3 = 0")  # noqa: S608
        rows = [(pk, tag_ids[pk % len(tag_ids)]) for (pk,) in cursor.fetchall()]
        cursor.executemany(
            f"INSERT INTO {tags} (conversation_id, tag_id) VALUES (%s, %s)",  # noqa: S608
            rows,
        )
        cursor.execute("SELECT id FROM auth_user WHERE username = 'alice'")
        (alice,) = cursor.fetchone() or (0,)
        cursor.execute(f"SELECT id FROM {table} WHERE id % 97 = 1")  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {collaborators} (conversation_id, user_id) VALUES (%s, %s)",  # noqa: S608
            [(pk, alice) for (pk,) in cursor.fetchall()],
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _next_query(html: str) -> str | None:
    found = re.search(r'rel="next" href="\?([^"]*)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def _time(get: Callable[[], Any], requests: int) -> tuple[list[float], int]:
    from django.db import connection, reset_queries

    for _ in range(WARM_UP):
        get()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = get()
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"status {response.status_code}")
    connection.force_debug_cursor = True
    reset_queries()
    get()
    queries = len(connection.queries)
    connection.force_debug_cursor = False
    return samples, queries


def child(database: str, scale: str, requests: int, keep: bool, only: set[str]) -> list[Row]:
    _prepare_environment(database, keep)
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from hamdel.tickets.models import Conversation, Message

    call_command("migrate", verbosity=0)
    conversations = SCALES[scale] if scale in SCALES else int(scale)
    if not Conversation.objects.exists():
        started = time.perf_counter()
        _seed(conversations)
        _log(f"{database}: seeded in {time.perf_counter() - started:.0f} s")
    seeded = (Conversation.objects.count(), Message.objects.count())
    rows: list[Row] = []
    for username, role in (("alice", "agent"), ("sam", "supervisor")):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        for view in VIEWS:
            if only and view not in only:
                continue
            first = f"/inbox/?view={view}"
            later = first
            for _ in range(LATER_PAGE - 1):
                html = client.get(later).content.decode()
                following = _next_query(html)
                later = f"/inbox/?{following}" if following else later
            for page, path in (("first", first), ("later", later)):
                samples, queries = _time(partial(client.get, path), requests)
                rows.append(_row(database, seeded, role, f"inbox {view} {page}", samples, queries))
                _log(f"{database} {role} {view} {page}: {rows[-1]['p50_ms']} ms p50")
        if not only or "conversation" in only:
            pk = (  # one alice collaborates on, outside her team: visible to both
                Conversation.objects.filter(collaborators__username="alice")
                .order_by("-pk")
                .values_list("pk", flat=True)
                .first()
            )
            path = f"/conversations/{pk}/"
            samples, queries = _time(partial(client.get, path), requests)
            rows.append(_row(database, seeded, role, "conversation", samples, queries))
    return rows


def _row(
    database: str, seeded: tuple[int, int], role: str, page: str, samples: list[float], queries: int
) -> Row:
    return {
        "database": database,
        "conversations": seeded[0],
        "messages": seeded[1],
        "role": role,
        "page": page,
        "requests": len(samples),
        "p50_ms": round(percentile(samples, 0.5), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "queries": queries,
    }


# --- the parent -----------------------------------------------------------------------------


def run(
    scale: str,
    out: IO[str],
    *,
    databases: Sequence[str] = ("sqlite", "postgres"),
    requests: int = 50,
    keep: bool = False,
    only: Sequence[str] = (),
) -> list[Row]:
    """Measure every database in a child process; print a table to `out`; return the rows."""
    rows: list[Row] = []
    for database in databases:
        command = [
            sys.executable, "-m", "bench.inbox", "--child", "--db", database, "--scale", scale,
            "--requests", str(requests), "--only", ",".join(only),
        ] + (["--keep"] if keep else [])  # fmt: skip
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HAMDEL_", "DJANGO_"))}
        result = subprocess.run(  # noqa: S603 - our own command
            command, cwd=Path.cwd(), env=env, stdout=subprocess.PIPE, text=True, check=True
        )
        rows += json.loads(result.stdout.strip().splitlines()[-1])
    out.write(table(rows))
    return rows


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| database | role | page | p50 ms | p95 ms | queries |",
        "| --- | --- | --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {row['database']} | {row['role']} | {row['page']} | {row['p50_ms']:.1f} "
        f"| {row['p95_ms']:.1f} | {row['queries']} |"
        for row in rows
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inbox", description=__doc__)
    parser.add_argument("--scale", default="small", help="small, full or a number")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="reuse (or leave) the seeded data")
    parser.add_argument("--only", default="", help="comma-separated views and/or conversation")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    only = [name for name in args.only.split(",") if name]
    if args.child:
        print(json.dumps(child(args.db, args.scale, args.requests, args.keep, set(only))))
        return 0
    databases = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    rows = run(
        args.scale, sys.stdout, databases=databases, requests=args.requests, keep=args.keep,
        only=only,
    )  # fmt: skip
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
