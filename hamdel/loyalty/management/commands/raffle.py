import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hamdel.loyalty import raffles
from hamdel.loyalty.models import Raffle


class Command(BaseCommand):
    help = (
        "Check a raffle's draw: `hamdel raffle verify RAFFLE [--json]` recomputes the "
        "commitment, the digest of the entries and the winners from what was published. "
        "RAFFLE is a raffle's id, or a file holding its audit JSON."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        verify = sub.add_parser("verify", help="recompute a drawn raffle and compare")
        verify.add_argument("raffle", help="a raffle id, or a file with its audit JSON")
        verify.add_argument(
            "--json", action="store_true", help='print {"ok": bool, "winners": [..]}'
        )

    def handle(self, *args: Any, verb: str, raffle: str, **options: Any) -> None:
        if raffle.isdigit():
            found = Raffle.objects.filter(pk=int(raffle)).first()
            if found is None:
                raise CommandError(f"No raffle {raffle}.")
            published = raffles.audit_of(found)
        else:
            try:
                published = json.loads(Path(raffle).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read {raffle}: {error}") from error
        result = raffles.verify(published)
        if options["json"]:
            self.stdout.write(json.dumps({"ok": result.ok, "winners": result.winners}))
        else:
            self.stdout.write(("OK: the draw checks out." if result.ok else "NOT OK:") + "")
            for problem in result.problems:
                self.stdout.write(f"  - {problem}")
            for position, code in enumerate(result.winners):
                self.stdout.write(f"winner {position}: {code}")
        if not result.ok:
            raise SystemExit(1)
