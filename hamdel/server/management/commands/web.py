"""`hamdel web`: one web process at scale, on PostgreSQL and Redis.

Plain HTTP is served through WSGI by default: on this 2-core machine Django answers a
JSON view several times faster through WSGI than through its ASGI path (figures in
docs/deploy.md). `--websockets` serves through ASGI instead, with the WebSocket of the
live inbox; a load balancer sends /ws/ to those processes and everything else to the
WSGI ones. Neither keeps state another process needs: sessions, throttles and
idempotency records are in the database, live events and jobs go through Redis.
"""

import os
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from granian import Granian
from granian.constants import Interfaces

from hamdel.server.startup import prepare

# Django's ORM blocks, so each worker process serves this many requests at once.
WSGI_THREADS = 8


def pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = "Serve HTTP (WSGI), or HTTP and WebSockets (--websockets, ASGI), at scale."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=None, help="default: HAMDEL_PORT or 8000")
        parser.add_argument("--workers", type=int, default=1, help="processes (default 1)")
        parser.add_argument(
            "--threads", type=int, default=WSGI_THREADS, help="threads per WSGI worker"
        )
        parser.add_argument(
            "--websockets",
            action="store_true",
            help="serve through ASGI with the live WebSocket at /ws/live/",
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="migrate and create the first administrator before serving",
        )

    def handle(
        self,
        *args: Any,
        host: str,
        port: int | None,
        workers: int,
        threads: int,
        websockets: bool,
        migrate: bool,
        **options: Any,
    ) -> None:
        port = port or settings.PORT
        if not settings.REDIS_URL:
            self.stderr.write(
                "HAMDEL_REDIS_URL is not set: live events and jobs stay in this process. "
                "Use `hamdel run` for one process, or set HAMDEL_REDIS_URL."
            )
        if migrate:
            prepare(demo=False, say=self.stdout.write)
        elif pending := pending_migrations():
            raise CommandError(
                f"{pending} database migrations are not applied: run `hamdel migrate` once "
                "per release (or start one process with --migrate)."
            )
        interface = "ASGI with WebSockets" if websockets else "WSGI"
        self.stdout.write(f"Hamdel web ({interface}) at http://{host}:{port}/", ending="\n")
        self.stdout.flush()
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamdel.settings")
        server = Granian(
            "hamdel.asgi:application" if websockets else "hamdel.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.ASGI if websockets else Interfaces.WSGI,
            workers=workers,
            blocking_threads=None if websockets else threads,
            websockets=websockets,
            log_access=False,
        )
        server.serve()
