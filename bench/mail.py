"""Email ingestion benchmark: messages per second per worker (parse, thread, store,
index) and p99 per message, over generated mail of realistic shape in fa, tr, ru and en,
30 % of them replies (In-Reply-To and References to an earlier mail of the same sender).

One process (`hamdel shell` on a fresh HAMDEL_HOME; SQLite, then PostgreSQL in a database
of its own, `hamdel_bench_mail`, made anew each run, when the server is reachable) is the
worker: it calls
`hamdel.mail.inbound.ingest` for each raw mail in turn, exactly as the IMAP fetcher does
after it has the bytes. Target: at least 300 messages/s per worker.

    python -m bench.mail --scale small      # 500 messages
    python -m bench.mail --scale full       # 10,000 messages
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from bench.common import POSTGRES_SERVER, postgres_reachable, reset_postgres

ROOT: Final = Path(__file__).resolve().parent.parent
HAMDEL: Final = [sys.executable, "-m", "hamdel.cli"]
SCALES: Final = {"small": 500, "full": 10_000}
TARGET_PER_SECOND: Final = 300
POSTGRES_DATABASE: Final = "hamdel_bench_mail"

WORKER: Final = """
import json, random, time
from email.utils import format_datetime
from datetime import datetime, UTC
from hamdel.mail.inbound import ingest
random.seed(7)
TEXTS = {
    "fa": ("سلام، سفارش شماره {n} هنوز نرسیده است. لطفا پیگیری کنید.", "utf-8"),
    "tr": ("Merhaba, {n} numaralı siparişim hâlâ gelmedi. Yardımcı olur musunuz?", "iso-8859-9"),
    "ru": ("Здравствуйте, мой заказ номер {n} до сих пор не пришёл. Помогите!", "koi8-r"),
    "en": ("Hello, my order number {n} has still not arrived. Could you look into it?", "utf-8"),
}
QUOTE = ("\\n\\nOn Tue, 1 Dec 2026 at 10:00, Support <support@hd.test> wrote:\\n"
         "> Thank you for your message.\\n> We will answer soon.\\n")
total = TOTAL
sent = []  # (sender, message_id)
raws = []
for n in range(total):
    language = "fa tr ru en".split()[n % 4]
    text, charset = TEXTS[language]
    headers = ""
    if sent and random.random() < 0.3:
        sender, parent = random.choice(sent)
        headers = f"In-Reply-To: {parent}\\r\\nReferences: {parent}\\r\\n"
        body = text.format(n=n) + QUOTE
        subject = "Re: order"
    else:
        sender = f"customer{n}@example.org"
        body = text.format(n=n) + "\\n\\n-- \\nA customer"
        subject = f"Order {n}"
    message_id = f"<bench-{n}@example.org>"
    sent.append((sender, message_id))
    raws.append((
        f"From: Customer {n} <{sender}>\\r\\nTo: support@hd.test\\r\\nSubject: {subject}\\r\\n"
        f"Message-ID: {message_id}\\r\\nDate: {format_datetime(datetime.now(UTC))}\\r\\n{headers}"
        f"MIME-Version: 1.0\\r\\nContent-Type: text/plain; charset={charset}\\r\\n"
        "Content-Transfer-Encoding: 8bit\\r\\n\\r\\n"
    ).encode() + body.replace("\\n", "\\r\\n").encode(charset))
ours = ["support@hd.test"]
times = []
replies_threaded = 0
started = time.perf_counter()
for raw in raws:
    t0 = time.perf_counter()
    result = ingest(raw, our_addresses=ours)
    times.append(time.perf_counter() - t0)
    replies_threaded += not result.opened
elapsed = time.perf_counter() - started
times.sort()
print(json.dumps({"messages": total, "seconds": elapsed, "per_second": total / elapsed,
    "p50_ms": 1000 * times[len(times) // 2], "p99_ms": 1000 * times[int(len(times) * 0.99)],
    "threaded": replies_threaded}))
"""

Row = dict[str, Any]


def measure(database: str, total: int, out: Callable[[str], None]) -> Row:
    with tempfile.TemporaryDirectory(prefix="hamdel-bench-mail-") as home:
        env = {**os.environ, "HAMDEL_HOME": home}
        for name in ("DJANGO_SETTINGS_MODULE", "HAMDEL_DATABASE_URL", "HAMDEL_REDIS_URL"):
            env.pop(name, None)
        if database == "postgres":
            reset_postgres(POSTGRES_SERVER, POSTGRES_DATABASE)
            env["HAMDEL_DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
        subprocess.run(  # noqa: S603 - our own command
            [*HAMDEL, "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True
        )
        out(f"mail: ingesting {total} generated messages on {database}")
        result = subprocess.run(  # noqa: S603 - our own command
            [*HAMDEL, "shell", "--no-imports", "-c", WORKER.replace("TOTAL", str(total))],
            env=env,
            cwd=ROOT,
            check=False,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"the mail worker failed:\n{result.stderr[-3000:]}")
    row: Row = json.loads(result.stdout.strip().splitlines()[-1])
    row["database"] = database
    return row


def run(scale: str, out: Callable[[str], None]) -> list[Row]:
    rows = [measure("sqlite", SCALES[scale], out)]
    if postgres_reachable():
        rows.append(measure("postgres", SCALES[scale], out))
    else:
        out(f"mail: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        "| database | messages | messages/s per worker | p50 ms | p99 ms | target |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row['database']} | {row['messages']} | {row['per_second']:.0f} | "
            f"{row['p50_ms']:.1f} | {row['p99_ms']:.1f} | ≥ {TARGET_PER_SECOND}/s |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mail", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    args = parser.parse_args(argv)
    rows = run(args.scale, lambda text: print(text, file=sys.stderr, flush=True))
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
