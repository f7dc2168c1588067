"""Knowledge benchmark: help-centre search and reply-box suggestions over many articles.

For each database (SQLite in a temporary HAMDEL_HOME, PostgreSQL in `hamdel_bench_kb`,
dropped and created again at every run) a child process seeds N public articles spread
over the four languages (bulk inserts, then the search entries written in batches by the
app's own indexer) and times, in process:

- the help centre's search (`knowledge.queries.search_help`) for two words of a random
  article's title, typed as visitors type them (Persian with Arabic yeh and kaf, Turkish
  in capitals), `QUERIES` times after a warm-up;
- the reply box's suggestions (`suggested_articles` and `suggested_macros` for the
  customer's last messages) on conversations in each language, `QUERIES` times.

    python -m bench.knowledge --scale small     # 500 articles, both databases
    python -m bench.knowledge --scale full      # 10,000 articles in four languages
"""

import argparse
import json
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

from bench.common import (
    POSTGRES_SERVER,
    child_home,
    markdown_table,
    percentile,
    postgres_reachable,
    run_child,
)

SCALES: Final = {"small": 500, "full": 10_000}
POSTGRES_DATABASE: Final = "hamdel_bench_kb"
DATABASE_NAMES: Final = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
QUERIES: Final = 200
WARM_UP: Final = 20
BATCH: Final = 1_000
LANGUAGES: Final = ("en", "fa", "tr", "ru")
WORDS: Final = {
    "en": "order delivery refund return payment card account password invoice shipping "
    "tracking parcel warranty repair exchange discount coupon receipt address change "
    "cancel subscription login email phone courier damaged missing late store branch",
    "fa": "سفارش ارسال بازپرداخت مرجوعی پرداخت کارت حساب رمز فاکتور رهگیری بسته گارانتی "
    "تعمیر تعویض تخفیف کوپن رسید نشانی تغییر لغو اشتراک ورود ایمیل تلفن پیک آسیب گمشده "
    "تاخیر فروشگاه شعبه پیامک",
    "tr": "sipariş teslimat iade ödeme kart hesap şifre fatura kargo takip paket garanti "
    "tamir değişim indirim kupon fiş adres değiştirme iptal abonelik giriş eposta telefon "
    "kurye hasarlı kayıp gecikme mağaza şube İstanbul",
    "ru": "заказ доставка возврат оплата карта аккаунт пароль счёт отправка отслеживание "
    "посылка гарантия ремонт обмен скидка купон чек адрес изменение отмена подписка вход "
    "почта телефон курьер повреждён потерян задержка магазин филиал",
}

Row = dict[str, object]


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _articles(scale: str) -> int:
    if scale in SCALES:
        return SCALES[scale]
    if scale.isdigit() and int(scale) > 0:
        return int(scale)
    raise SystemExit(f"unknown scale {scale!r}: use small, full or a number of articles")


def _typed(words: list[str], language: str) -> str:
    """Two title words as a visitor might type them."""
    text = " ".join(words)
    if language == "fa":
        return text.replace("ی", "ي").replace("ک", "ك")
    if language == "tr":
        return text.upper()
    return text


def _seed(total: int, rng: random.Random) -> list[tuple[str, list[str]]]:
    """N public articles by bulk insert, indexed in batches; returns (language, title words)."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from hamdel.knowledge.indexing import index_translations
    from hamdel.knowledge.markup import render_markdown
    from hamdel.knowledge.models import Article, Translation

    author = User.objects.create(username="bench-author")
    vocabulary = {language: WORDS[language].split() for language in LANGUAGES}
    titles: list[tuple[str, list[str]]] = []
    now = timezone.now()
    for start in range(0, total, BATCH):
        count = min(BATCH, total - start)
        articles = Article.objects.bulk_create([Article(created_by=author) for _ in range(count)])
        translations = []
        for offset, article in enumerate(articles):
            language = LANGUAGES[(start + offset) % len(LANGUAGES)]
            words = vocabulary[language]
            title_words = rng.sample(words, 3)
            body = " ".join(rng.choice(words) for _ in range(120))
            titles.append((language, title_words))
            translations.append(
                Translation(
                    article=article, language=language, title=" ".join(title_words),
                    slug=f"a-{start + offset}", body=body, body_html=render_markdown(body),
                    updated_by=author, updated_at=now,
                )
            )  # fmt: skip
        created = Translation.objects.bulk_create(translations)
        index_translations([translation.pk for translation in created])
        if (start // BATCH) % 5 == 0:
            _log(f"  {start + count:,} articles")
    return titles


def _time(run: Callable[[], Any]) -> float:
    began = time.perf_counter()
    run()
    return (time.perf_counter() - began) * 1000


def _conversations(rng: random.Random) -> list[Any]:
    from hamdel.people.actions import create_customer, create_team
    from hamdel.tickets.actions import open_conversation

    team = create_team("Bench", None)
    conversations = []
    for index in range(20):
        language = LANGUAGES[index % len(LANGUAGES)]
        words = WORDS[language].split()
        body = " ".join(rng.choice(words) for _ in range(30))
        customer = create_customer(f"Customer {index}", None, language=language)
        conversations.append(
            open_conversation(
                customer=customer, body_text=body, subject=words[0], team=team, channel="email"
            )
        )
    return conversations


def worker(database: str, total: int, seed: int) -> Row:
    import django

    django.setup()
    from django.core.management import call_command

    from hamdel.knowledge import queries

    rng = random.Random(seed)
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    titles = _seed(total, rng)
    seed_seconds = time.perf_counter() - began
    _log(f"{DATABASE_NAMES[database]}: seeded {total:,} articles in {seed_seconds:.1f} s")
    centre = queries.default_help_centre()

    found = 0
    searches = []
    for index in range(WARM_UP + QUERIES):
        language, words = rng.choice(titles)
        typed = _typed(rng.sample(words, 2), language)
        began = time.perf_counter()
        hits = queries.search_help(centre, language, typed)
        elapsed = (time.perf_counter() - began) * 1000
        if index >= WARM_UP:
            searches.append(elapsed)
            found += bool(hits)

    conversations = _conversations(rng)
    suggestions = []
    for index in range(WARM_UP + QUERIES):
        conversation = conversations[index % len(conversations)]
        language = conversation.language or "en"

        def suggest(conversation: Any = conversation, language: str = language) -> None:
            text = queries.customer_text(conversation)
            queries.suggested_articles(text, language)
            queries.suggested_macros(text, language)

        elapsed = _time(suggest)
        if index >= WARM_UP:
            suggestions.append(elapsed)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    row: Row = {
        "benchmark": "knowledge",
        "database": DATABASE_NAMES[database],
        "articles": total,
        "search_p50_ms": round(statistics.median(searches), 2),
        "search_p95_ms": round(percentile(searches, 0.95), 2),
        "search_found_share": round(found / QUERIES, 3),
        "suggest_p50_ms": round(statistics.median(suggestions), 2),
        "suggest_p95_ms": round(percentile(suggestions, 0.95), 2),
        "seed_s": round(seed_seconds, 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }
    _log(f"  {row}")
    return row


def run(scale: str, out: Callable[[str], None]) -> list[Row]:
    _articles(scale)
    rows = [run_child("bench.knowledge", "sqlite", ["--scale", scale], out)]
    if postgres_reachable():
        rows.append(run_child("bench.knowledge", "postgres", ["--scale", scale], out))
    else:
        out(f"knowledge: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
    return rows


COLUMNS: Final = (
    ("database", "database", "{}"),
    ("articles", "articles", "{:,}"),
    ("search_p50_ms", "search p50 ms", "{}"),
    ("search_p95_ms", "search p95 ms", "{}"),
    ("search_found_share", "queries that found", "{}"),
    ("suggest_p50_ms", "suggestions p50 ms", "{}"),
    ("suggest_p95_ms", "suggestions p95 ms", "{}"),
    ("seed_s", "seed s", "{}"),
    ("peak_rss_mb", "peak RSS MB", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    return markdown_table(COLUMNS, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.knowledge", description=__doc__)
    parser.add_argument("--scale", default="small", help="small, full, or a number")
    parser.add_argument("--db", choices=sorted(DATABASE_NAMES), help="run one database here")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seed", type=int, default=1403)
    args = parser.parse_args(argv)
    total = _articles(args.scale)
    if args.db is None:
        rows = run(args.scale, _log)
        print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
        return 0
    with child_home(args.db, POSTGRES_DATABASE, "hamdel-bench-kb-"):
        row = worker(args.db, total, args.seed)
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
