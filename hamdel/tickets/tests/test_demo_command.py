import json
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from hamdel.people.models import Customer, Tier
from hamdel.tickets.models import Conversation, Direction, Message

DATA = Path(__file__).resolve().parents[1] / "data" / "demo"
PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")


@pytest.mark.parametrize("language", ["en", "fa", "tr", "ru"])
def test_each_language_has_at_least_sixty_distinct_hand_written_customer_messages(
    language: str,
) -> None:
    data = json.loads((DATA / f"{language}.json").read_text(encoding="utf-8"))
    messages = [opener["body"] for opener in data["openers"]] + data["followups"]
    assert len(set(messages)) >= 60
    assert len(set(messages)) == len(messages)


def test_persian_demo_text_is_typed_as_real_users_type_it() -> None:
    text = (DATA / "fa.json").read_text(encoding="utf-8")
    assert "\u064a" in text  # Arabic yeh
    assert "\u0643" in text  # Arabic kaf
    assert "\u200c" in text  # zero-width non-joiner
    assert PERSIAN_DIGITS & set(text)


@pytest.mark.django_db
def test_demo_loads_three_months_of_conversations_once() -> None:
    call_command("demo", if_empty=True)

    conversations = Conversation.objects.all()
    assert conversations.count() >= 300
    oldest = conversations.order_by("created_at").first()
    assert oldest is not None
    assert timezone.now() - oldest.created_at > timedelta(days=60)
    assert set(conversations.values_list("language", flat=True)) >= {"en", "fa", "tr", "ru"}
    inbound = Counter(
        Message.objects.filter(direction=Direction.INBOUND).values_list("body_text", flat=True)
    )
    assert max(inbound.values()) <= 3
    threads = conversations.annotate(n=Count("messages")).filter(n__gte=3)
    assert threads.count() >= 20
    assert Customer.objects.filter(tier=Tier.VIP).count() >= 3
    assert conversations.filter(tags__name="abusive").values("customer").distinct().count() == 1

    call_command("demo", if_empty=True)
    assert Conversation.objects.count() == conversations.count()
