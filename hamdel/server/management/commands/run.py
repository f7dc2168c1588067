"""`hamdel run`: the whole app in one process on the embedded default.

Migrations, the ASGI server (uvicorn), the Huey consumer as threads inside this
process (queue in HAMDEL_HOME/huey.db) and the in-memory Django Channels layer.
"""

import os
from argparse import ArgumentParser
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand
from huey.consumer import Consumer

from hamdel.lib.registry import import_job_modules
from hamdel.server.startup import login_path, prepare

HUEY_WORKERS = 2  # threads; jobs are short database writes
# An idle consumer polls the SQLite queue at most this many seconds apart (Huey's
# default backs off to 10 s), so an SLA escalation is never late by more than this.
POLL_AT_MOST_EVERY = 1.0


class Command(BaseCommand):
    help = "Run Hamdel in one process: web server, background jobs, live updates."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=None, help="default: HAMDEL_PORT or 8000")
        parser.add_argument(
            "--demo", action="store_true", help="load demo data into an empty database"
        )

    def handle(self, *args: Any, host: str, port: int | None, demo: bool, **options: Any) -> None:
        port = port or settings.PORT
        prepare(demo=demo, say=self.stdout.write)
        import_job_modules()  # so periodic jobs are known to the consumer
        from huey.contrib.djhuey import HUEY

        consumer = Consumer(
            HUEY, workers=HUEY_WORKERS, worker_type="thread", max_delay=POLL_AT_MOST_EVERY
        )
        consumer.start()
        url = f"http://{'127.0.0.1' if host in {'0.0.0.0', '::'} else host}:{port}/"  # noqa: S104
        self.stdout.write(f"Hamdel is running at {url}")
        self.stdout.write(
            f"Log in at {url}{login_path()} as {settings.ADMIN_USER}; API docs at {url}api/docs"
        )
        self.stdout.write(f"Data in {settings.HOME}. Stop with Ctrl+C.")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamdel.settings")
        try:
            uvicorn.run(
                "hamdel.asgi:application", host=host, port=port, log_level="warning", lifespan="off"
            )
        finally:
            consumer.stop(graceful=True)
