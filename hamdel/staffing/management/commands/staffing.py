"""`hamdel staffing --calls N --interval-minutes M --aht S --target-sl F --target-seconds T
[--patience S] [--shrinkage F] [--json]`: the fewest agents for a service level."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hamdel.staffing import erlang


class Command(BaseCommand):
    help = (
        "The fewest agents that answer the target share of calls within the target "
        "seconds (Erlang C; Erlang A with --patience), with service level, probability of "
        "waiting, average speed of answer and occupancy; --shrinkage adds the agents to schedule."
    )
    # Pure arithmetic: no database or URL checks to wait for.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--calls", type=float, required=True, help="calls per interval")
        parser.add_argument("--interval-minutes", type=float, required=True)
        parser.add_argument("--aht", type=float, required=True, help="average handling, seconds")
        parser.add_argument("--target-sl", type=float, default=0.8, help="e.g. 0.8 for 80 %%")
        parser.add_argument("--target-seconds", type=float, default=20.0)
        parser.add_argument("--patience", type=float, help="mean seconds before a caller hangs up")
        parser.add_argument("--shrinkage", type=float, help="share of paid time off the phones")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            found = erlang.required_agents(
                calls=options["calls"],
                interval_minutes=options["interval_minutes"],
                aht=options["aht"],
                target_sl=options["target_sl"],
                target_seconds=options["target_seconds"],
                patience=options["patience"],
                shrinkage=options["shrinkage"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(found.as_json()))
            return
        lines = [
            f"agents            {found.agents}",
            f"service level     {found.service_level:.2%}",
            f"probability wait  {found.probability_wait:.2%}",
            f"ASA               {found.asa_seconds:.1f} s",
            f"occupancy         {found.occupancy:.2%}",
        ]
        if found.abandon_rate is not None:
            lines.append(f"abandoned         {found.abandon_rate:.2%}")
        if found.scheduled_agents is not None:
            lines.append(f"to schedule       {found.scheduled_agents}")
        self.stdout.write("\n".join(lines))
