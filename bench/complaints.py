"""Complaints benchmark: the policy-signal job (grouping by root cause, tag and wording,
and the spike test) over nine weeks of complaints.

For each database (SQLite in a temporary HAMDEL_HOME, PostgreSQL in a database of its own,
`hamdel_bench_complaints`, dropped and created again at every run) a child process:

1. seeds N complaints over the last nine weeks (N = 5,000 small, 100,000 full), by bulk
   insert: a customer, a complaint conversation and its complaint record each, in four
   languages, with one of 20 root causes, a tag on one in ten, and wording drawn from 12
   topics per language with random extra words. The grouping tokens are made by
   `hamdel.complaints.actions.grouping_tokens` (hamdel.text normalisation), as on arrival,
   and that time is reported per complaint. Two spikes are planted in the last week: one
   root cause at four times its usual count, and one Persian topic at five times.
2. times `hamdel.complaints.spikes.detect_spikes(now)`: load the nine weeks, group, cluster
   the wording per language, run the Poisson test on each group, write the alerts; then
   runs it again (no new alert: the job is safe to repeat) and times that too;
3. checks that both planted spikes were found.

    python -m bench.complaints                   # both databases, small scale, a table
    python -m bench.complaints --scale full      # 100,000 complaints
    python -m bench.complaints --db sqlite       # one child, one JSON line
"""

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Final

from bench.common import (
    POSTGRES_SERVER,
    child_home,
    markdown_table,
    postgres_reachable,
    run_child,
)

SCALES: Final = {"small": 5_000, "full": 100_000}
POSTGRES_DATABASE: Final = "hamdel_bench_complaints"
DATABASE_NAMES: Final = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
SEED_BATCH: Final = 5_000
WEEKS: Final = 9
ROOT_CAUSES: Final = 20
TAGS: Final = 30
FIRST_NUMBER: Final = 500_000
SPIKE_CAUSE: Final = 0  # the planted root-cause spike: four times its weekly share
SPIKE_TOPIC: Final = "هزینه ارسال گران"  # the planted Persian wording spike: five times

TOPICS: Final = {
    "fa": [
        SPIKE_TOPIC,
        "سفارش دیر رسید",
        "کالا آسیب دیده بود",
        "پول دوبار کسر شد",
        "پشتیبانی جواب نداد",
        "اندازه اشتباه ارسال شد",
        "کد تخفیف کار نکرد",
        "برنامه موقع پرداخت بسته شد",
        "پیک بی ادب بود",
        "بازپرداخت انجام نشد",
        "رنگ کالا متفاوت بود",
        "حساب کاربری قفل شد",
    ],
    "en": [
        "delivery fee expensive",
        "order arrived late",
        "item arrived damaged",
        "charged twice card",
        "support never answered",
        "wrong size sent",
        "discount code failed",
        "app crashed checkout",
        "courier rude door",
        "refund never arrived",
        "colour different photo",
        "account locked password",
    ],
    "tr": [
        "kargo ücreti pahalı",
        "sipariş geç geldi",
        "ürün hasarlı geldi",
        "iki kez ücret alındı",
        "destek cevap vermedi",
        "yanlış beden gönderildi",
        "indirim kodu çalışmadı",
        "uygulama ödemede çöktü",
        "kurye kaba davrandı",
        "iade yapılmadı",
        "renk fotoğraftan farklı",
        "hesap kilitlendi",
    ],
    "ru": [
        "доставка слишком дорогая",
        "заказ пришёл поздно",
        "товар пришёл повреждённым",
        "деньги списали дважды",
        "поддержка не ответила",
        "прислали неправильный размер",
        "промокод не сработал",
        "приложение упало оплате",
        "курьер грубил",
        "деньги вернули",
        "цвет отличается фото",
        "аккаунт заблокирован",
    ],
}
FILLER: Final = {
    "fa": ["امروز", "دیروز", "سفارش", "لطفا", "فوری", "مشکل", "دوباره", "بسته", "کالا"],
    "en": ["today", "yesterday", "order", "urgent", "problem", "again", "parcel", "item"],
    "tr": ["bugün", "dün", "sipariş", "acil", "sorun", "yine", "paket", "ürün"],
    "ru": ["сегодня", "вчера", "заказ", "срочно", "проблема", "снова", "посылка", "товар"],
}

Row = dict[str, object]


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _complaints(scale: str) -> int:
    if scale in SCALES:
        return SCALES[scale]
    if scale.isdigit() and int(scale) > 0:
        return int(scale)
    raise SystemExit(f"unknown scale {scale!r}: small, full or a number")


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _specs(total: int, now: datetime, rng: random.Random) -> list[tuple[datetime, int, str, str]]:
    """(opened_at, root cause index, language, words) for every complaint, spikes planted."""
    languages = list(TOPICS)
    base = total / (WEEKS + 0.6)  # the spikes add about 0.6 of a week on top
    specs = []
    for _ in range(total):
        at = now - timedelta(seconds=rng.uniform(0, WEEKS * 7 * 86400))
        language = rng.choice(languages)
        topic = rng.choice(TOPICS[language][1:])  # the planted topic only in its spike
        cause = rng.randrange(1, ROOT_CAUSES)
        words = " ".join([topic, *rng.sample(FILLER[language], 3)])
        specs.append((at, cause, language, words))
    # The root-cause spike: its usual weekly count is base / ROOT_CAUSES; four times that.
    usual = max(3, int(base / ROOT_CAUSES))
    for _ in range(4 * usual):
        specs.append(
            (
                now - timedelta(seconds=rng.uniform(60, 7 * 86400)),
                SPIKE_CAUSE,
                "en",
                "delivery fee expensive " + " ".join(rng.sample(FILLER["en"], 3)),
            )
        )
    for _ in range(5 * max(3, int(base / 4 / 12))):
        specs.append(
            (
                now - timedelta(seconds=rng.uniform(60, 7 * 86400)),
                1,
                "fa",
                SPIKE_TOPIC + " " + " ".join(rng.sample(FILLER["fa"], 3)),
            )
        )
    return specs


def _seed(total: int, now: datetime) -> tuple[int, float]:
    """The complaints in batches; returns how many and the seconds spent tokenising."""
    from django.db import transaction

    from hamdel.complaints.actions import grouping_tokens
    from hamdel.complaints.models import Complaint, RootCause
    from hamdel.people.models import Customer
    from hamdel.tickets.models import Category, Conversation, Tag

    rng = random.Random(16)
    causes = RootCause.objects.bulk_create(
        RootCause(name=f"Bench cause {n}") for n in range(ROOT_CAUSES)
    )
    tags = Tag.objects.bulk_create(Tag(name=f"bench-{n}") for n in range(TAGS))
    specs = _specs(total, now, rng)
    tokenising = 0.0
    through = Conversation.tags.through
    for start in range(0, len(specs), SEED_BATCH):
        batch = specs[start : start + SEED_BATCH]
        began = time.perf_counter()
        tokens = [grouping_tokens(words, language) for _at, _c, language, words in batch]
        tokenising += time.perf_counter() - began
        with transaction.atomic():
            customers = Customer.objects.bulk_create(
                Customer(name=f"Bench customer {start + n}", language=spec[2])
                for n, spec in enumerate(batch)
            )
            conversations = Conversation.objects.bulk_create(
                Conversation(
                    number=FIRST_NUMBER + start + n,
                    subject=spec[3][:300],
                    customer=customer,
                    channel="email",
                    category=Category.COMPLAINT,
                    language=spec[2],
                )
                for n, (customer, spec) in enumerate(zip(customers, batch, strict=True))
            )
            Complaint.objects.bulk_create(
                Complaint(
                    conversation=conversation,
                    customer=customer,
                    opened_at=spec[0],
                    language=spec[2],
                    tokens=words,
                    root_cause=causes[spec[1]],
                    resolution="Bench",
                )
                for conversation, customer, spec, words in zip(
                    conversations, customers, batch, tokens, strict=True
                )
            )
            through.objects.bulk_create(
                through(conversation_id=conversation.pk, tag_id=rng.choice(tags).pk)
                for conversation in conversations
                if rng.random() < 0.1
            )
    return len(specs), tokenising


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _detect(now: datetime) -> Row:
    from hamdel.complaints import spikes
    from hamdel.complaints.models import GroupKind, RootCause

    before = _peak_mb()
    began = time.perf_counter()
    rows = spikes.load_rows(now - spikes.WEEK * (spikes.BASELINE_WEEKS + 1), now)
    load_seconds = time.perf_counter() - began
    began = time.perf_counter()
    groups = spikes.group_rows(rows)
    group_seconds = time.perf_counter() - began
    began = time.perf_counter()
    alerts = spikes.detect_spikes(now)
    seconds = time.perf_counter() - began
    began = time.perf_counter()
    again = spikes.detect_spikes(now)
    again_seconds = time.perf_counter() - began
    spike_cause = str(RootCause.objects.get(name=f"Bench cause {SPIKE_CAUSE}").pk)
    found_cause = any(
        a.group_kind == GroupKind.ROOT_CAUSE and a.group_key == spike_cause for a in alerts
    )
    found_topic = any(
        a.group_kind == GroupKind.TEXT and a.language == "fa" and "ارسال" in a.label for a in alerts
    )
    return {
        "loaded": len(rows),
        "groups": len(groups),
        "wording_groups": sum(1 for g in groups if g.kind == GroupKind.TEXT),
        "load_s": round(load_seconds, 2),
        "group_s": round(group_seconds, 2),
        "job_s": round(seconds, 2),
        "again_s": round(again_seconds, 2),
        "alerts": len(alerts),
        "alerts_again": len(again),
        "planted_found": found_cause and found_topic,
        "peak_mb_before": before,
        "peak_mb": _peak_mb(),
    }


def worker(database: str, total: int) -> Row:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    _log(f"{DATABASE_NAMES[database]}: migrated in {time.perf_counter() - began:.1f} s")
    now = timezone.now()
    began = time.perf_counter()
    seeded, tokenising = _seed(total, now)
    _analyze()
    seed_seconds = time.perf_counter() - began
    _log(f"  seeded {seeded:,} complaints in {seed_seconds:.1f} s")
    row = _detect(now)
    _log(
        f"  job {row['job_s']} s over {row['loaded']:,} complaints, {row['groups']:,} groups, "
        f"{row['alerts']} alerts (again: {row['alerts_again']} in {row['again_s']} s)"
    )
    return {
        "database": DATABASE_NAMES[database],
        "complaints": seeded,
        "tokens_ms": round(1000 * tokenising / seeded, 3),
        "seed_s": round(seed_seconds, 1),
        **row,
    }


# ----- the parent: one child per database --------------------------------------------------


def _child(database: str, scale: str, out: Callable[[str], None]) -> Row:
    return run_child("bench.complaints", database, ["--scale", scale], out)


def run(scale: str, out: Callable[[str], None]) -> list[dict[str, Any]]:
    """Both databases at this scale ("small", "full" or a number of complaints)."""
    _complaints(scale)
    rows = [_child("sqlite", scale, out)]
    if postgres_reachable():
        rows.append(_child("postgres", scale, out))
    else:
        out(f"complaints: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
    return rows


COLUMNS: Final = (
    ("database", "database", "{}"),
    ("complaints", "complaints", "{:,}"),
    ("groups", "groups", "{:,}"),
    ("wording_groups", "of them by wording", "{:,}"),
    ("load_s", "load s", "{}"),
    ("group_s", "group s", "{}"),
    ("job_s", "whole job s", "{}"),
    ("again_s", "again s", "{}"),
    ("alerts", "alerts", "{}"),
    ("alerts_again", "alerts again", "{}"),
    ("planted_found", "planted spikes found", "{}"),
    ("tokens_ms", "tokens per complaint ms", "{}"),
    ("peak_mb", "peak MB", "{}"),
    ("seed_s", "seed s", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    """A Markdown table of the rows."""
    return markdown_table(COLUMNS, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.complaints", description=__doc__)
    parser.add_argument("--scale", default="small", help="small, full, or a number")
    parser.add_argument("--db", choices=sorted(DATABASE_NAMES), help="run one database here")
    parser.add_argument("--json", action="store_true", help="print JSON rows, not a table")
    args = parser.parse_args(argv)
    total = _complaints(args.scale)
    if args.db is None:
        rows = run(args.scale, lambda line: print(line, file=sys.stderr, flush=True))
        print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
        return 0
    with child_home(args.db, POSTGRES_DATABASE, "hamdel-bench-complaints-"):
        row = worker(args.db, total)
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
