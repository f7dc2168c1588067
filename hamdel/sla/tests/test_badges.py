"""Due times in the agent UI: badges on inbox rows and the conversation, "due soonest" sort."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from hamdel.lib.localise import format_moment
from hamdel.people.actions import update_agent
from hamdel.sla.actions import sweep_due
from hamdel.sla.models import Metric, SlaTimer
from hamdel.sla.queries import due_soonest_page, prefetch_sla_timers, sla_badge
from hamdel.sla.tests.sla_factories import make_policy
from hamdel.test import PASSWORD, Cast, make_conversation
from hamdel.tickets.actions import change_status
from hamdel.tickets.models import Conversation, Priority, Status

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def first_due(conversation: Conversation) -> SlaTimer:
    return SlaTimer.objects.get(conversation=conversation, metric=Metric.FIRST_RESPONSE)


def test_an_inbox_row_shows_the_next_due_time_in_the_agents_timezone(cast: Cast) -> None:
    make_policy(first_response_minutes=60, resolution_minutes=480)
    conversation = make_conversation(cast.customer, team=cast.support)
    update_agent(cast.alice, None, timezone="America/New_York")
    due = first_due(conversation).due_at
    assert due is not None
    page = signed_in("alice").get("/inbox/?view=all").content.decode()
    with timezone.override(ZoneInfo("America/New_York")), translation.override("en"):
        shown = format_moment(due, "en")
    assert f"Due {shown}" in page
    assert f'datetime="{due.isoformat()}"' in page


def test_a_persian_agent_sees_a_jalali_due_time_with_persian_digits(cast: Cast) -> None:
    make_policy(first_response_minutes=60)
    conversation = make_conversation(cast.customer, team=cast.support)
    update_agent(cast.alice, None, timezone="Asia/Tehran", ui_language="fa")
    due = first_due(conversation).due_at
    assert due is not None
    page = signed_in("alice").get(f"/conversations/{conversation.pk}/").content.decode()
    with timezone.override(ZoneInfo("Asia/Tehran")):
        shown = format_moment(due, "fa")
    assert shown in page
    assert any(digit in shown for digit in "۰۱۲۳۴۵۶۷۸۹")
    assert not any(digit in shown for digit in "0123456789")


def test_a_clock_past_its_warning_is_due_soon_and_one_past_due_is_breached(cast: Cast) -> None:
    make_policy(first_response_minutes=60, resolution_minutes=None)
    soon = make_conversation(cast.customer, team=cast.support, subject="Soon")
    started = first_due(soon).started_at
    sweep_due(started + timedelta(minutes=50))
    assert sla_badge(soon, timezone.now()).state == "due_soon"  # type: ignore[union-attr]
    sweep_due(started + timedelta(minutes=61))
    badge = sla_badge(soon, timezone.now())
    assert badge is not None
    assert badge.state == "breached"
    page = signed_in("alice").get("/inbox/?view=all").content.decode()
    assert "SLA breached" in page


def test_a_fresh_clock_has_no_warning_badge(cast: Cast) -> None:
    make_policy(first_response_minutes=60)
    conversation = make_conversation(cast.customer, team=cast.support)
    badge = sla_badge(conversation, timezone.now())
    assert badge is not None
    assert badge.state == "running"
    assert badge.metric == Metric.FIRST_RESPONSE


def test_waiting_on_the_customer_shows_the_clock_paused_without_a_due_time(cast: Cast) -> None:
    make_policy()
    conversation = make_conversation(cast.customer, team=cast.support)
    change_status(conversation, Status.WAITING, cast.alice.user)
    badge = sla_badge(conversation, timezone.now())
    assert badge is not None
    assert (badge.state, badge.due_at) == ("paused", None)
    page = signed_in("alice").get(f"/conversations/{conversation.pk}/").content.decode()
    assert "SLA paused" in page


def test_a_conversation_without_clocks_shows_no_badge(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    assert sla_badge(conversation, timezone.now()) is None
    page = signed_in("alice").get("/inbox/?view=all").content.decode()
    assert 'class="sla ' not in page


def test_due_soonest_puts_the_earliest_due_first_and_conversations_without_clocks_last(
    cast: Cast,
) -> None:
    make_policy("Urgent", position=1, priorities=[Priority.URGENT], first_response_minutes=5)
    make_policy("Normal", position=2, priorities=[Priority.NORMAL], first_response_minutes=60)
    no_clock = make_conversation(cast.customer, team=cast.support, priority=Priority.LOW)
    normal = make_conversation(cast.customer, team=cast.support, priority=Priority.NORMAL)
    urgent = make_conversation(cast.customer, team=cast.support, priority=Priority.URGENT)
    response = signed_in("alice").get("/inbox/?view=all&sort=due")
    assert [row.pk for row in response.context["page"].items] == [urgent.pk, normal.pk, no_clock.pk]
    assert response.context["query"].sort == "due"


def test_due_soonest_pages_through_every_conversation_once(cast: Cast) -> None:
    make_policy("Normal", priorities=[Priority.NORMAL], first_response_minutes=60)
    made = [
        make_conversation(cast.customer, priority=Priority.NORMAL if index % 2 else Priority.LOW).pk
        for index in range(7)
    ]
    seen: list[int] = []
    cursor = None
    while True:
        page = due_soonest_page(
            Conversation.objects.all(), list_name="test", cursor=cursor, limit=2
        )
        seen += [row.pk for row in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(made)
    with_clock = [pk for pk in made if SlaTimer.objects.filter(conversation_id=pk).exists()]
    assert seen[: len(with_clock)] == with_clock


def test_badges_for_a_page_take_one_query_however_many_rows(cast: Cast) -> None:
    make_policy()
    made = [make_conversation(cast.customer, team=cast.support).pk for _ in range(12)]

    def queries_for(count: int) -> int:
        page = list(Conversation.objects.filter(pk__in=made[:count]))
        with CaptureQueriesContext(connection) as captured:
            prefetch_sla_timers(page)
            badges = [sla_badge(conversation, timezone.now()) for conversation in page]
        assert all(badge is not None and badge.due_at is not None for badge in badges)
        return len(captured)

    assert queries_for(2) == queries_for(12) == 1


def test_the_inbox_needs_no_more_queries_for_more_rows_with_clocks(cast: Cast) -> None:
    make_policy()
    client = signed_in("alice")

    def inbox_queries(count: int) -> int:
        for _ in range(count):
            make_conversation(cast.customer, team=cast.support)
        with CaptureQueriesContext(connection) as captured:
            client.get("/inbox/?view=all&sort=due")
        return len(captured)

    assert inbox_queries(2) == inbox_queries(10)
