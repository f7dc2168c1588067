"""Conduct benchmark: abusive-language detection throughput on one core, and the latency
it adds to every inbound message.

A child process (SQLite in a temporary HAMDEL_HOME), pinned to one CPU core:

1. builds `MESSAGES[scale]` realistic customer messages in Persian, Turkish, Russian and
   English (support sentences with order numbers, names, dates; about 6 % abusive, some
   obfuscated; hard negatives such as "Scunthorpe", "sık sık", "употреблять"), and times
   `hamdel.conduct.detect.detect` over all of them after a warm-up: messages per second;
2. migrates, then receives `INBOUND[scale]` messages through the one door in
   (`tickets.actions.receive_message`) with conduct's `message_added` receiver wrapped in
   a timer: the added latency per inbound message (detection, the flag, the steps, the
   confusion check) as p50 and p99, next to the whole receive's p50.

    python -m bench.conduct                  # a table
    python -m bench.conduct --scale full     # 100,000 messages
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

from bench.common import markdown_table, percentile, run_child

MESSAGES: Final = {"small": 10_000, "full": 100_000}
INBOUND: Final = {"small": 60, "full": 2_000}
WARM_UP: Final = 500
ABUSIVE_SHARE: Final = 0.06

Row = dict[str, object]

CLEAN: Final = {
    "en": [
        "Hello, where is my order {n}? It was due on {d}.",
        "Please change the delivery address to {s} Street, flat {k}.",
        "I was charged twice for order {n}, please refund one payment.",
        "This is the third time I write about order {n}, I am furious.",
        "The app crashes when I open the settings page on my phone.",
        "My assistant in Scunthorpe placed order {n}; the class kit is missing.",
        "Could you send me the invoice for {m}? Thanks, {name}.",
        "Your service is terrible, I will take legal action if this is not fixed.",
        "Please kill the old session and reset my password.",
    ],
    "tr": [
        "Merhaba, {n} numaralı siparişim nerede? {d} tarihinde gelecekti.",
        "Teslimat adresimi {s} Sokak, daire {k} olarak değiştirir misiniz?",
        "{n} numaralı sipariş için iki kez ödeme alındı, birini iade edin.",
        "Sık sık bu sorunu yaşıyorum, sıkıntı büyük, {name}.",
        "Bu üçüncü kez oluyor, çok sinirliyim, avukatıma vereceğim.",
        "Amcam siparişi benim adıma verdi, fatura {m} ayına ait.",
        "Uygulama açılırken çöküyor, lütfen yardım edin.",
    ],
    "ru": [
        "Здравствуйте, где мой заказ {n}? Обещали к {d}.",
        "Измените адрес доставки: улица {s}, квартира {k}.",
        "С меня дважды списали деньги за заказ {n}, верните одну оплату.",
        "Это уже третий раз, я в ярости, подам в суд.",
        "Не могу употреблять этот продукт, он испорчен, {name}.",
        "Пришлите, пожалуйста, счёт за {m}.",
        "Приложение падает при запуске на телефоне.",
    ],
    "fa": [
        "سلام، سفارش {n} من کجاست؟ قرار بود {d} برسد.",
        "لطفا آدرس تحویل را به خیابان {s}، واحد {k} تغییر دهید.",
        "برای سفارش {n} دو بار از حسابم پول کم شد، لطفا یکی را برگردانید.",
        "این سومین باره که پیگیری میکنم، خیلی عصبانی‌ام، شکایت میکنم.",
        "هیچ کس جواب نمیده، {name} هستم، گوشی خراب شده.",
        "فاکتور {m} را بفرستید لطفا.",
        "kharid dovomam ham kharab bood, sefaresh {n}",
    ],
}
ABUSIVE: Final = {
    "en": ["You are a fucking idiot, order {n}?", "f u c k you", "sh1t service", "I will kill you"],
    "tr": ["Siktir git, sipariş {n} nerede?", "amk kargonuz", "Aptalsın sen", "Seni öldürürüm"],
    "ru": ["Сука, где заказ {n}?", "Вы там все идиоты?", "п*здец полный", "Я тебя убью"],
    "fa": ["بیشعورها سفارش {n} کجاست؟", "می کشمت", "کس‌کش جواب بده", "koskesh javab bede"],
}  # fmt: skip
NAMES: Final = ["Cyrus", "Shirin", "Ayşe", "Mehmet", "Ivan", "Olga", "Sarah", "Tom", "Darius"]
MONTHS: Final = ["March", "Mart", "марта", "فروردین", "April", "Nisan", "мая", "مهر"]
STREETS: Final = ["Baker", "Atatürk", "Ленина", "ولیعصر", "Main", "İstiklal", "Пушкина"]


def messages(total: int, rng: random.Random) -> list[tuple[str, str]]:
    """(language, text) pairs: mostly support questions and angry complaints, a few abusive."""
    out = []
    languages = list(CLEAN)
    for _ in range(total):
        language = rng.choice(languages)
        pool = ABUSIVE[language] if rng.random() < ABUSIVE_SHARE else CLEAN[language]
        text = rng.choice(pool).format(
            n=rng.randint(1000, 99_999),
            d=f"{rng.randint(1, 28)}.{rng.randint(1, 12)}",
            s=rng.choice(STREETS),
            k=rng.randint(1, 200),
            m=rng.choice(MONTHS),
            name=rng.choice(NAMES),
        )
        out.append((language, text))
    return out


def _log(text: str) -> None:
    print(f"[conduct] {text}", file=sys.stderr, flush=True)


def _time_detection(total: int, rng: random.Random) -> tuple[float, int]:
    from hamdel.conduct.detect import base_lexicon, detect

    base_lexicon()
    corpus = messages(total, rng)
    for language, text in corpus[:WARM_UP]:
        detect(text, language)
    began = time.process_time()
    abusive = sum(1 for language, text in corpus if detect(text, language).abusive)
    return total / (time.process_time() - began), abusive


def _time_inbound(count: int, rng: random.Random) -> tuple[list[float], list[float]]:
    """Milliseconds the conduct receiver added to each inbound message, and the whole
    receive_message, for `count` messages from 30 customers."""
    from hamdel.conduct import receivers
    from hamdel.people.actions import create_customer
    from hamdel.people.models import IdentityKind
    from hamdel.tickets import signals
    from hamdel.tickets.actions import Sender, ThreadHints, receive_message

    added: list[float] = []

    def timed(sender: Any, **kwargs: Any) -> None:
        began = time.perf_counter()
        receivers.on_message_added(sender, **kwargs)
        added.append((time.perf_counter() - began) * 1000)

    signals.message_added.disconnect(dispatch_uid="conduct.message")
    signals.message_added.connect(timed, dispatch_uid="conduct.bench", weak=False)
    customers = []
    for index in range(30):
        email = f"bench-{index}@example.com"
        language = ["fa", "tr", "ru", "en"][index % 4]
        create_customer(
            f"Customer {index}", None, language=language, identities=[(IdentityKind.EMAIL, email)]
        )
        customers.append((email, language))
    corpus = messages(count + 20, rng)
    whole: list[float] = []
    for index, (_language, text) in enumerate(corpus):
        email, _customer_language = customers[index % len(customers)]
        began = time.perf_counter()
        receive_message(
            channel="email",
            sender=Sender(identities=[(IdentityKind.EMAIL, email)]),
            body_text=text,
            subject="Order",
            hints=ThreadHints(continue_open=True),
        )
        if index >= 20:  # the first ones load the language detector and the lists
            whole.append((time.perf_counter() - began) * 1000)
    return added[20:], whole


def worker(scale: str, seed: int) -> Row:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    import django

    django.setup()
    from django.core.management import call_command

    rng = random.Random(seed)
    per_second, abusive = _time_detection(MESSAGES[scale], rng)
    _log(f"detection: {MESSAGES[scale]:,} messages, {per_second:,.0f}/s on one core")
    # The tables straight from the models (syncdb), except text's search index, whose
    # migrations make the SQLite FTS5 table: the whole migration graph takes longer than
    # the small scale's budget on a shared machine, and measures nothing of conduct.
    from django.apps import apps
    from django.conf import settings

    settings.MIGRATION_MODULES = {
        config.label: None for config in apps.get_app_configs() if config.label != "text"
    }
    began = time.perf_counter()
    call_command("migrate", run_syncdb=True, verbosity=0)
    _log(f"tables made in {time.perf_counter() - began:.1f} s")
    added, whole = _time_inbound(INBOUND[scale], rng)
    p50, p99 = statistics.median(added), percentile(added, 0.99)
    _log(f"inbound: added p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    return {
        "benchmark": "conduct",
        "database": "SQLite",
        "messages": MESSAGES[scale],
        "abusive": abusive,
        "per_second": round(per_second),
        "inbound": len(added),
        "added_p50_ms": round(p50, 2),
        "added_p99_ms": round(p99, 2),
        "receive_p50_ms": round(statistics.median(whole), 2),
    }


def run(scale: str, out: Callable[[str], None]) -> list[Row]:
    if scale not in MESSAGES:
        raise ValueError(f"unknown scale {scale!r}: small or full")
    return [run_child("bench.conduct", "sqlite", ["--scale", scale], out)]


COLUMNS: Final = (
    ("database", "database", "{}"),
    ("messages", "messages", "{:,}"),
    ("abusive", "abusive found", "{:,}"),
    ("per_second", "detections/s (1 core)", "{:,}"),
    ("inbound", "inbound messages", "{:,}"),
    ("added_p50_ms", "added p50 ms", "{}"),
    ("added_p99_ms", "added p99 ms", "{}"),
    ("receive_p50_ms", "whole receive p50 ms", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    return markdown_table(COLUMNS, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.conduct", description=__doc__)
    parser.add_argument("--scale", default="small", choices=sorted(MESSAGES))
    parser.add_argument("--db", choices=["sqlite"], help="run the child here")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seed", type=int, default=1042)
    args = parser.parse_args(argv)
    if args.db is None:
        rows = run(args.scale, lambda line: print(line, file=sys.stderr, flush=True))
        print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
        return 0
    with tempfile.TemporaryDirectory(prefix="hamdel-bench-conduct-") as home:
        os.environ["HAMDEL_HOME"] = home
        print(json.dumps(worker(args.scale, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
