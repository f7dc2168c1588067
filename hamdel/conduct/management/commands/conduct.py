"""`hamdel conduct check TEXT [--language fa|tr|ru|en] [--json]`: is this text abusive?"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hamdel.conduct import actions


class Command(BaseCommand):
    help = "Check a text for abusive language (fa, tr, ru, en)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Check one text.")
        check.add_argument("text")
        check.add_argument("--language", choices=["fa", "tr", "ru", "en"], default=None)
        check.add_argument("--json", action="store_true", help="print the API's JSON shape")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["text"]
        result = actions.check_text(text, options["language"])
        if options["json"]:
            body = {
                "abusive": result.abusive,
                "severity": result.severity,
                "matches": [m.as_dict() for m in result.matches],
            }
            self.stdout.write(json.dumps(body, ensure_ascii=False))
            return
        if not result.abusive:
            self.stdout.write("not abusive")
            return
        self.stdout.write(f"abusive: {result.severity}")
        for m in result.matches:
            self.stdout.write(
                f"  {m.start}-{m.end} {m.category} ({m.severity}): {text[m.start : m.end]}"
            )
