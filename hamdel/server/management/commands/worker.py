"""`hamdel worker`: the Huey consumer on its own, for scale-out on Redis.

Every job module the apps declare (hamdel.lib.registry) is imported first, so the
consumer knows every task.
"""

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from hamdel.lib.registry import import_job_modules

# Jobs are short database writes and event sends; threads share one process's memory.
DEFAULT_THREADS = 4
# Huey backs off to 10 s between polls of an idle SQLite queue; SLA escalations must
# start within 5 s of their due time, so the back-off stops at one second.
POLL_AT_MOST_EVERY = 1.0


class Command(BaseCommand):
    help = "Run background jobs and timers (the Huey consumer) in this process."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)

    def handle(self, *args: Any, threads: int, **options: Any) -> None:
        if not settings.REDIS_URL:
            self.stderr.write(
                "HAMDEL_REDIS_URL is not set: this worker reads the SQLite queue in "
                f"{settings.HOME}; `hamdel run` already runs one inside the web process."
            )
        import_job_modules()
        from huey.contrib.djhuey import HUEY

        consumer = HUEY.create_consumer(
            workers=threads, worker_type="thread", max_delay=POLL_AT_MOST_EVERY
        )
        self.stdout.write(f"Hamdel worker: {threads} threads on {type(HUEY).__name__}")
        self.stdout.flush()
        consumer.run()
