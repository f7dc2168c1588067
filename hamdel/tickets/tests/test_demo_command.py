import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count, Max
from django.utils import timezone

from hamdel.audit.models import Event
from hamdel.lib import registry
from hamdel.people.models import Customer, Tier
from hamdel.sla.models import Metric, SlaTimer, TimerState
from hamdel.sla.tests.sla_factories import make_policy
from hamdel.tickets.models import Conversation, Direction, Message
from hamdel.tickets.signals import message_added

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
    replies = Message.objects.filter(direction=Direction.OUTBOUND)
    assert replies.exists()
    assert set(replies.values_list("delivery", flat=True)) == {"delivered"}  # history, not a queue

    call_command("demo", if_empty=True)
    assert Conversation.objects.count() == conversations.count()


@pytest.mark.django_db
def test_demo_writes_on_the_real_clock_then_backdates_every_row_to_its_moment() -> None:
    clocks: list[datetime] = []

    def read_the_clock(**_kwargs: Any) -> None:
        clocks.append(timezone.now())

    before = datetime.now(UTC)
    message_added.connect(read_the_clock, dispatch_uid="demo-clock")
    try:
        call_command("demo", stdout=StringIO())
    finally:
        message_added.disconnect(dispatch_uid="demo-clock")
    after = datetime.now(UTC)

    # The actions ran on the real clock: nothing patched timezone.now.
    assert clocks
    assert all(before <= moment <= after for moment in clocks)
    # Then the rows were moved into the last 90 days, the history the demo tells.
    sent = sorted(Message.objects.values_list("created_at", flat=True))
    assert sent[-1] - sent[0] > timedelta(days=80)
    assert sent[0] > before - timedelta(days=91)
    assert sent[-1] <= after
    # Every event sits at the moment of the row it records, in the order it was written.
    written = {m.pk: m.created_at for m in Message.objects.all()}
    for event in Event.objects.filter(subject_type="message", verb__startswith="message."):
        assert abs(event.created_at - written[event.subject_id]) < timedelta(seconds=1)
    for conversation in Conversation.objects.annotate(last=Max("messages__created_at")):
        opened = Event.objects.get(verb="conversation.opened", conversation_id=conversation.pk)
        assert abs(opened.created_at - conversation.created_at) < timedelta(seconds=1)
        assert conversation.last_message_at == conversation.last
        assert conversation.updated_at >= conversation.created_at
    times = list(Event.objects.order_by("id").values_list("created_at", flat=True))
    assert times == sorted(times)
    # Only the story's last steps (those it places at "now") are as recent as the run.
    assert times[-1] <= after
    # The apps' own demo loaders run after the story and write their rows now (articles,
    # points, root causes): their events are not the story's.
    loaders = {path.split(".")[1] for path in registry.demo_loaders()}
    their_verbs = {
        verb
        for label, declared in registry._registry.by_app.items()
        if label in loaders
        for verb in declared.event_verbs
    }
    recent = Event.objects.filter(created_at__gte=before).exclude(verb__in=their_verbs)
    assert recent.count() < len(times) // 100


@pytest.mark.django_db
def test_sla_clocks_follow_the_backdated_messages() -> None:
    make_policy(resolution_minutes=60 * 24 * 30)

    call_command("demo", stdout=StringIO())

    timers = SlaTimer.objects.select_related("conversation")
    assert timers.count() >= 300
    for timer in timers.filter(metric=Metric.RESOLUTION):
        first = timer.conversation.messages.order_by("id")[0]
        assert timer.started_at == first.created_at
    # An old conversation still open has a resolution clock that is long past due.
    overdue = timers.filter(state=TimerState.RUNNING, due_at__lt=timezone.now())
    assert overdue.exists()
    assert not timers.filter(started_at__gt=timezone.now()).exists()
