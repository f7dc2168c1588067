"""Demo promises, run by `hamdel demo` after the core story (hamdel.lib.registry).

On the story's open conversations that have an assignee: open promises due from an hour
ago (so one shows broken after the first sweep) to three days ahead, in the conversation's
language; and a history of kept promises for each team (callbacks and replies, enough for
the feasibility check to answer from history; refunds too few, so it says "default").
"""

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from hamdel.promises.models import DEFAULT_REMINDER_MINUTES, Kind, Promise, State
from hamdel.tickets.models import ACTIVE, Conversation

SEED = 1403
OPEN_PROMISES = 24
HISTORY = {Kind.CALLBACK: 40, Kind.REPLY: 30, Kind.REFUND: 8}  # kept promises per team
TYPICAL_MINUTES = {Kind.CALLBACK: 90, Kind.REPLY: 180, Kind.REFUND: 1200}
WORDS = {
    "fa": "لطفاً تا فردا با من تماس بگیرید",
    "tr": "Lütfen yarına kadar beni arayın",
    "ru": "Перезвоните мне, пожалуйста, до завтра",
    "en": "Please call me back before tomorrow",
}


def load(options: dict[str, Any]) -> None:
    if Promise.objects.exists():
        return  # demo promises are loaded once
    rng = random.Random(SEED)  # noqa: S311 - demo data, not cryptography
    now = timezone.now()
    conversations = list(
        Conversation.objects.filter(status__in=ACTIVE, assignee__isnull=False)
        .select_related("customer", "assignee")
        .order_by("pk")[:OPEN_PROMISES]
    )
    # Written directly, without events: the trail's ids run in time order, and these
    # promises were made hours ago, before whatever the last story event is.
    rows = []
    for index, conversation in enumerate(conversations):
        kind = [Kind.CALLBACK, Kind.REPLY, Kind.REFUND, Kind.FIX][index % 4]
        due = now + timedelta(hours=rng.uniform(-1, 72))
        rows.append(
            Promise(
                customer_id=conversation.customer_id,
                conversation=conversation,
                kind=kind,
                due_at=due,
                owner_agent=conversation.assignee,
                team_id=conversation.team_id,
                words=WORDS.get(conversation.language, WORDS["en"]) if index % 2 else "",
                language=conversation.language,
                created_by=conversation.assignee,
                created_at=now - timedelta(hours=rng.uniform(2, 30)),
                remind_at=due - timedelta(minutes=DEFAULT_REMINDER_MINUTES),
            )
        )
    with transaction.atomic():
        Promise.objects.bulk_create(rows)
        _history(conversations, rng, now)


def _history(conversations: list[Conversation], rng: random.Random, now: Any) -> None:
    by_team: dict[int, Conversation] = {}
    for conversation in conversations:
        if conversation.team_id is not None:
            by_team.setdefault(conversation.team_id, conversation)
    rows = []
    for team_id, conversation in by_team.items():
        for kind, count in HISTORY.items():
            for _ in range(count):
                made = now - timedelta(days=rng.uniform(3, 80))
                taken = max(5, int(rng.gauss(TYPICAL_MINUTES[kind], TYPICAL_MINUTES[kind] / 3)))
                kept = made + timedelta(minutes=taken * rng.uniform(1.0, 2.5))
                rows.append(
                    Promise(
                        customer_id=conversation.customer_id,
                        kind=kind,
                        due_at=made + timedelta(minutes=TYPICAL_MINUTES[kind] * 1.5),
                        owner_agent=conversation.assignee,
                        team_id=team_id,
                        state=State.KEPT,
                        created_at=made,
                        kept_at=kept,
                        kept_business_minutes=taken,
                    )
                )
    Promise.objects.bulk_create(rows)
