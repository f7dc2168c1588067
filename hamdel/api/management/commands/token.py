from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hamdel.api.actions import create_token


class Command(BaseCommand):
    help = (
        "Manage API tokens: `hamdel token create USERNAME [--name NAME]` prints a new token once."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="create a token for an agent and print it")
        create.add_argument("username")
        create.add_argument("--name", default="command line")

    def handle(self, *args: Any, verb: str, username: str, name: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            _token, secret = create_token(user, name, None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(secret)
