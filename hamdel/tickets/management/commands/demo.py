"""`hamdel demo`: a small multilingual demo set (teams, agents, customers, conversations)."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from hamdel.people.actions import (
    create_agent,
    create_team,
    find_or_create_customer,
    update_customer,
)
from hamdel.people.models import Team
from hamdel.tickets.actions import add_message, open_conversation
from hamdel.tickets.models import Conversation, Direction

DATA = Path(__file__).resolve().parents[2] / "data" / "demo.json"
DEMO_PASSWORD = "hamdel-demo"  # noqa: S105 - printed for the demo agents, not a secret


class Command(BaseCommand):
    help = "Load demo data: teams, agents, customers and conversations in four languages."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when conversations exist"
        )

    def handle(self, *args: Any, if_empty: bool, **options: Any) -> None:
        if if_empty and Conversation.objects.exists():
            return
        data = json.loads(DATA.read_text(encoding="utf-8"))
        with transaction.atomic():
            teams = {
                team["name"]: Team.objects.filter(name=team["name"]).first()
                or create_team(actor=None, **team)
                for team in data["teams"]
            }
            for agent in data["agents"]:
                create_agent(
                    agent.pop("username"),
                    None,
                    password=DEMO_PASSWORD,
                    teams=[teams[name] for name in agent.pop("teams")],
                    **agent,
                )
            for number, item in enumerate(data["conversations"], start=1):
                customer = find_or_create_customer(
                    item["customer"], None, email=item.get("email"), phone=item.get("phone")
                )
                update_customer(
                    customer, None, language=item["language"], tier=item.get("tier", "standard")
                )
                first, *more = item["messages"]
                conversation = open_conversation(
                    customer=customer,
                    channel=item["channel"],
                    subject=item["subject"],
                    body_text=first,
                    team=teams[item["team"]],
                    priority=item.get("priority", "normal"),
                    category=item.get("category", "question"),
                )
                for body in more:
                    add_message(
                        conversation,
                        direction=Direction.INBOUND,
                        body_text=body,
                        author_customer=customer,
                    )
                self.stdout.write(
                    f"\rdemo conversations: {number}/{len(data['conversations'])}", ending=""
                )
        self.stdout.write("")
        self.stdout.write(f"Demo agents: sara, mehmet, olga, lead — password {DEMO_PASSWORD}")
