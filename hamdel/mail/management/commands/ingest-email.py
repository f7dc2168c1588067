"""`hamdel ingest-email FILE... [--json]`: raw .eml files in through the same path as IMAP."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hamdel.mail.inbound import ingest
from hamdel.mail.models import Mailbox


class Command(BaseCommand):
    help = (
        "Ingest raw .eml files as customer email and print the conversation each went to. "
        "A file that cannot be parsed is still stored, flagged for an agent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="Raw .eml files.")
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON object per file, one per line."
        )
        parser.add_argument(
            "--mailbox", type=int, help="Store as if fetched by this mailbox (its id)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        mailbox = None
        if options["mailbox"] is not None:
            mailbox = Mailbox.objects.filter(pk=options["mailbox"]).first()
            if mailbox is None:
                raise CommandError(f"No mailbox has the id {options['mailbox']}.")
        ours = list(Mailbox.objects.values_list("address", flat=True))
        for name in options["files"]:
            path = Path(name)
            try:
                raw = path.read_bytes()
            except OSError as error:
                raise CommandError(f"{name}: {error.strerror}") from error
            result = ingest(raw, mailbox=mailbox, our_addresses=ours)
            if options["json"]:
                line = {
                    "file": name,
                    "conversation_id": result.conversation_id,
                    "message_id": result.message_id,
                    "status": result.status,
                }
                self.stdout.write(json.dumps(line, ensure_ascii=False))
            else:
                self.stdout.write(
                    f"{name}: {result.status}, conversation {result.conversation_id}"
                    f" (message {result.message_id})"
                )
