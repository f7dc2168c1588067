"""Staffing benchmark: Erlang staffing for 20,000 calls per 30 minutes, the forecast's fit
on two years of 30-minute intervals, and routing decisions with 500 agents online and
10,000 items waiting.

- Erlang (in this process, no database): `hamdel.staffing.erlang.required_agents` for
  20,000 calls per 30 minutes, AHT 300 s, 80 % in 20 s; Erlang C, and Erlang A with a
  patience of 120 s; `RUNS` answers each after a warm-up, p50 and p99 (target < 10 ms).
- Forecast (in this process): `hamdel.staffing.forecast.forecast` on two years of
  30-minute intervals (35,040 values, a day shape times weekday factors, Poisson noise):
  the held-out week's backtest (one fit), the seasonal-naive baseline, and the final fit.
- Routing (a child process per database: SQLite in a temporary HAMDEL_HOME, PostgreSQL in
  `hamdel_bench_staffing`, dropped and created again; PostgreSQL at full scale only):
  seeds one team of available agents (four languages, three skills, open conversations
  between them) and waiting items by bulk insert (full: 500 agents, 10,000 items, 1,500
  open; small: 100, 2,000, 300), then times the decision (the team's agents
  and their loads read in two queries, then `routing.choose`) for random waiting items,
  and the whole `route_item` (decision, assignment, audit event, notification).

    python -m bench.staffing --scale small    # SQLite, 100 agents, 2,000 waiting
    python -m bench.staffing --scale full     # both databases, 500 agents, 10,000 waiting
    python -m bench.staffing --db sqlite      # one child, one JSON line
"""

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

import numpy as np

from bench.common import (
    POSTGRES_SERVER,
    child_home,
    markdown_table,
    percentile,
    postgres_reachable,
    run_child,
)

POSTGRES_DATABASE: Final = "hamdel_bench_staffing"
DATABASE_NAMES: Final = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
# agents online, waiting items, open conversations among the agents (the figures
# are full scale; small keeps CI under its 40 s)
SCALES: Final = {"small": (100, 2_000, 300), "full": (500, 10_000, 1_500)}
DECISIONS: Final = 300
ROUTED: Final = 100
RUNS: Final = 200
WARM_UP_RUNS: Final = 10
LANGUAGES: Final = ("fa", "tr", "ru", "en")
SKILLS: Final = ("refunds", "complaints", "technical")

Row = dict[str, Any]


def _log(text: str) -> None:
    print(f"[bench staffing] {text}", file=sys.stderr, flush=True)


def _timed(call: Callable[[], object], runs: int) -> list[float]:
    for _ in range(WARM_UP_RUNS):
        call()
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        timings.append((time.perf_counter() - began) * 1000)
    return timings


def erlang_rows() -> list[Row]:
    from hamdel.staffing import erlang

    rows = []
    for label, patience in (("Erlang C", None), ("Erlang A, patience 120 s", 120.0)):

        def answer(patience: float | None = patience) -> erlang.Staffing:
            return erlang.required_agents(
                calls=20_000,
                interval_minutes=30,
                aht=300,
                target_sl=0.8,
                target_seconds=20,
                patience=patience,
                shrinkage=0.3,
            )

        timings = _timed(answer, RUNS)
        found = answer()
        rows.append(
            {
                "benchmark": "erlang",
                "what": f"{label}: 20,000 calls / 30 min, AHT 300 s, 80 % in 20 s",
                "result": f"{found.agents} agents ({found.scheduled_agents} scheduled)",
                "p50_ms": round(statistics.median(timings), 2),
                "p99_ms": round(percentile(timings, 0.99), 2),
            }
        )
    return rows


def two_years(seed: int) -> np.ndarray:
    per_day = 48
    hours = np.arange(per_day) / 2
    day_shape = 2 + 30 * np.exp(-(((hours - 11) / 3) ** 2))
    weekday = np.array([1.3, 1.2, 1.1, 1.0, 0.5, 0.7, 1.2])
    rate = np.concatenate([day_shape * weekday[d % 7] for d in range(730)])
    return np.random.default_rng(seed).poisson(rate).astype(np.float64)


def forecast_row(seed: int) -> Row:
    from hamdel.staffing.forecast import forecast

    history = two_years(seed)
    began = time.perf_counter()
    result = forecast(history, 30, first_weekday=0, horizon=48 * 7)
    seconds = time.perf_counter() - began
    return {
        "benchmark": "forecast",
        "what": f"Holt-Winters, {len(history):,} half-hours (two years), backtest + fit",
        "result": (
            f"{result.method}: WAPE {result.model.wape:.1f} % vs naive "
            f"{result.baseline.wape:.1f} %, MAPE {result.model.mape:.1f} % vs "
            f"{result.baseline.mape:.1f} %"
        ),
        "p50_ms": round(seconds * 1000),
        "p99_ms": "",
    }


# ----- the child: routing on one database ---------------------------------------------------


def _seed(
    rng: random.Random, agents_online: int, waiting: int, open_assigned: int
) -> tuple[Any, list[int]]:
    from django.contrib.auth.models import User
    from django.db import connection

    from hamdel.people.models import Agent, Customer, Presence, Team
    from hamdel.staffing.models import Item, ItemKind, Queue
    from hamdel.tickets.models import Conversation

    team = Team.objects.create(name="Bench desk")
    Queue.objects.create(team=team, routing_enabled=True)
    users = User.objects.bulk_create(
        [User(username=f"bench{i}", password="!") for i in range(agents_online)]  # noqa: S106 - unusable
    )
    agents = Agent.objects.bulk_create(
        [
            Agent(
                user=user,
                presence=Presence.AVAILABLE,
                languages=rng.sample(LANGUAGES, rng.randint(1, 2)),
                skills=rng.sample(SKILLS, rng.randint(0, 2)),
            )
            for user in users
        ]
    )
    Agent.teams.through.objects.bulk_create(
        [Agent.teams.through(agent_id=agent.pk, team_id=team.pk) for agent in agents]
    )
    customer = Customer.objects.create(name="Bench customer")
    conversations = Conversation.objects.bulk_create(
        [
            Conversation(
                number=1_000_000 + i,
                customer=customer,
                channel=rng.choice(("email", "chat")),
                team=team,
                assignee_id=users[i % agents_online].pk if i < open_assigned else None,
                language=rng.choice(LANGUAGES),
            )
            for i in range(open_assigned + waiting)
        ],
        batch_size=2_000,
    )
    items = Item.objects.bulk_create(
        [
            Item(
                kind=ItemKind.CONVERSATION,
                conversation=conversation,
                team=team,
                channel=conversation.channel,
                language=conversation.language,
                skill=rng.choice(("", "", *SKILLS)),
                priority=rng.choice((10, 110, 210, 1010)),
            )
            for conversation in conversations[open_assigned:]
        ],
        batch_size=2_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return team, [item.pk for item in items]


def worker(database: str, seed: int, scale: str) -> Row:
    import django

    django.setup()
    from django.core.management import call_command

    from hamdel.staffing import actions, routing
    from hamdel.staffing.models import Item, Outcome

    rng = random.Random(seed)
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    agents_online, waiting, open_assigned = SCALES[scale]
    _team, item_ids = _seed(rng, agents_online, waiting, open_assigned)
    seed_seconds = time.perf_counter() - began
    name = DATABASE_NAMES[database]
    _log(
        f"{name}: seeded {agents_online} agents, {waiting:,} waiting items in {seed_seconds:.1f} s"
    )
    items = {item.pk: item for item in Item.objects.filter(pk__in=rng.sample(item_ids, DECISIONS))}

    def decide(item: Item) -> routing.Choice:
        need = routing.Need(item.language, item.skill, frozenset(item.declined_by))
        return routing.choose(need, actions.team_candidates(item.team_id, item.channel))

    picks = list(items.values())
    for item in picks[:WARM_UP_RUNS]:
        decide(item)
    decisions = []
    for item in picks:
        started = time.perf_counter()
        decide(item)
        decisions.append((time.perf_counter() - started) * 1000)
    routed, assigned = [], 0
    for item in picks[:ROUTED]:
        started = time.perf_counter()
        decision = actions.route_item(item)
        routed.append((time.perf_counter() - started) * 1000)
        assigned += bool(decision and decision.outcome == Outcome.ASSIGNED)
    _log(f"  decision p50 {statistics.median(decisions):.2f} ms; routed {assigned}/{ROUTED}")
    return {
        "benchmark": "routing",
        "database": name,
        "agents": agents_online,
        "waiting": waiting,
        "decision_p50_ms": round(statistics.median(decisions), 2),
        "decision_p99_ms": round(percentile(decisions, 0.99), 2),
        "route_p50_ms": round(statistics.median(routed), 2),
        "route_p99_ms": round(percentile(routed, 0.99), 2),
        "assigned": assigned,
        "seed_s": round(seed_seconds, 1),
    }


# ----- the parent -----------------------------------------------------------------------------


def run(scale: str, out: Callable[[str], None]) -> list[Row]:
    """Erlang and the forecast here; routing on SQLite (and PostgreSQL at full scale)."""
    rows = erlang_rows()
    for row in rows:
        out(f"staffing: {row['what']}: p50 {row['p50_ms']} ms")
    rows.append(forecast_row(1042))
    out(f"staffing: forecast fit {rows[-1]['p50_ms']} ms ({rows[-1]['result']})")
    rows.append(run_child("bench.staffing", "sqlite", ["--scale", scale], out))
    if scale == "full":
        if postgres_reachable():
            rows.append(run_child("bench.staffing", "postgres", ["--scale", scale], out))
        else:
            out(f"staffing: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
    return rows


FIGURES: Final = (
    ("what", "what", "{}"),
    ("result", "result", "{}"),
    ("p50_ms", "p50 ms (fit: total ms)", "{}"),
    ("p99_ms", "p99 ms", "{}"),
)
ROUTING: Final = (
    ("database", "database", "{}"),
    ("agents", "agents online", "{}"),
    ("waiting", "waiting items", "{:,}"),
    ("decision_p50_ms", "decision p50 ms", "{}"),
    ("decision_p99_ms", "decision p99 ms", "{}"),
    ("route_p50_ms", "route_item p50 ms", "{}"),
    ("route_p99_ms", "route_item p99 ms", "{}"),
    ("assigned", f"assigned of {ROUTED}", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    figures = [row for row in rows if row["benchmark"] != "routing"]
    routed = [row for row in rows if row["benchmark"] == "routing"]
    return markdown_table(FIGURES, figures) + "\n\n" + markdown_table(ROUTING, routed)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.staffing", description=__doc__)
    parser.add_argument("--scale", default="small", choices=("small", "full"))
    parser.add_argument("--db", choices=sorted(DATABASE_NAMES), help="run one database here")
    parser.add_argument("--json", action="store_true", help="print JSON rows, not a table")
    parser.add_argument("--seed", type=int, default=1042)
    args = parser.parse_args(argv)
    if args.db is None:
        rows = run(args.scale, _log)
        print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
        return 0
    with child_home(args.db, POSTGRES_DATABASE, "hamdel-bench-staffing-"):
        row = worker(args.db, args.seed, args.scale)
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
