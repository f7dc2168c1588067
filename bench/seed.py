"""Seed conversations and messages with bulk inserts; runs inside `hamdel shell`.

Prints one JSON line: the supervisor's API token and session, the agent's, and counts.
"""

import json
import random
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone

BATCH = 5_000  # rows per INSERT: large enough to amortise, small enough for SQLite's limits
MESSAGES_PER_CONVERSATION = 4
CONVERSATIONS_PER_CUSTOMER = 2
TEAMS = 5
SUBJECTS = ("Order late", "Refund please", "Wrong size", "Damaged parcel", "Invoice question")
BODIES = (
    "Hello, my order has not arrived yet. Could you check where it is?",
    "سلام، سفارش من هنوز نرسیده است. لطفاً پیگیری کنید.",
    "Merhaba, siparişim hâlâ gelmedi. Kontrol edebilir misiniz?",
    "Здравствуйте, мой заказ до сих пор не пришёл. Проверьте, пожалуйста.",
)


def _session_for(user: object) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)  # type: ignore[attr-defined]
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()  # type: ignore[attr-defined]
    session.create()
    assert session.session_key is not None
    return session.session_key


def seed(conversations: int) -> None:
    from hamdel.api.actions import create_token
    from hamdel.people.actions import create_agent, create_team
    from hamdel.people.models import Customer, Role
    from hamdel.tickets.actions import continue_numbering
    from hamdel.tickets.models import (
        Channel,
        Conversation,
        Direction,
        Message,
        Status,
    )

    rng = random.Random(4)  # the same data every run
    teams = [create_team(f"Team {n}", None) for n in range(1, TEAMS + 1)]
    password = secrets.token_urlsafe(16)  # nobody logs in: sessions are made below
    sam = create_agent("sam", None, password=password, role=Role.SUPERVISOR, teams=teams)
    alice = create_agent("alice", None, password=password, role=Role.AGENT, teams=teams[:1])
    now = timezone.now()
    start = now - timedelta(days=365)
    first_number = 1001
    customers_needed = max(1, conversations // CONVERSATIONS_PER_CUSTOMER)
    with transaction.atomic():
        Customer.objects.bulk_create(
            (Customer(name=f"Customer {n}", language="en") for n in range(customers_needed)),
            batch_size=BATCH,
        )
        customer_ids = list(Customer.objects.values_list("pk", flat=True))
        statuses = [Status.NEW, Status.OPEN, Status.OPEN, Status.WAITING, Status.SOLVED]
        for offset in range(0, conversations, BATCH):
            batch = []
            for n in range(offset, min(conversations, offset + BATCH)):
                at = start + timedelta(seconds=n * 365 * 86400 // max(1, conversations))
                batch.append(
                    Conversation(
                        number=first_number + n,
                        subject=rng.choice(SUBJECTS),
                        customer_id=customer_ids[n % len(customer_ids)],
                        channel=Channel.EMAIL,
                        status=rng.choice(statuses),
                        team=teams[n % TEAMS],
                        assignee=alice.user if n % 7 == 0 else None,
                        language="en",
                        last_message_at=at,
                    )
                )
            created = Conversation.objects.bulk_create(batch)
            messages = [
                Message(
                    conversation=conversation,
                    direction=Direction.INBOUND if m % 2 == 0 else Direction.OUTBOUND,
                    channel=Channel.EMAIL,
                    author_customer_id=conversation.customer_id if m % 2 == 0 else None,
                    body_text=rng.choice(BODIES),
                    language="en",
                )
                for conversation in created
                for m in range(MESSAGES_PER_CONVERSATION)
            ]
            Message.objects.bulk_create(messages, batch_size=BATCH)
        continue_numbering()
    _token, token = create_token(sam.user, "bench", None)
    _agent_token, agent_token = create_token(alice.user, "bench", None)
    print(
        json.dumps(
            {
                "token": token,
                "agent_token": agent_token,
                "session": _session_for(sam.user),
                "agent_session": _session_for(alice.user),
                "conversations": Conversation.objects.count(),
                "messages": Message.objects.count(),
            }
        )
    )
