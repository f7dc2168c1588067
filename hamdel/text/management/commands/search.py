"""`hamdel search QUERY [--json]`: the same search as the agent UI and the API."""

import html
import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hamdel.text.queries import DEFAULT_LIMIT, MAX_LIMIT, all_kinds, search


class Command(BaseCommand):
    help = (
        "Search messages, conversations and customers. Run on the server, it sees "
        "everything, like an administrator."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", nargs="+", help="Words, numbers, #1042, an email or a phone.")
        parser.add_argument("--json", action="store_true", help="Print the hits as JSON.")
        parser.add_argument(
            "--limit",
            type=int,
            default=DEFAULT_LIMIT,
            help=f"At most this many hits (<= {MAX_LIMIT}).",
        )
        parser.add_argument(
            "--type",
            choices=list(all_kinds()),
            action="append",
            help="Only this kind of hit (repeatable).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hits = search(
            None, " ".join(options["query"]), options["limit"], kinds=options["type"] or None
        )
        if options["json"]:
            self.stdout.write(
                json.dumps([asdict(hit) for hit in hits], ensure_ascii=False, indent=2)
            )
            return
        if not hits:
            self.stdout.write("No hits.")
            return
        for hit in hits:
            # A terminal shows the marks as ‹ › rather than as HTML.
            shown = html.unescape(hit.snippet.replace("<mark>", "‹").replace("</mark>", "›"))
            conversation = f" in conversation {hit.conversation_id}" if hit.conversation_id else ""
            self.stdout.write(f"{hit.type} {hit.id}{conversation} ({hit.score:.3f}): {shown}")
