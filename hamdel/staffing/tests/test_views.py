"""The staffing pages and API: the plan with its chart and backtest, presence, the pulse."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from hamdel.audit.record import record_event
from hamdel.people.models import Presence
from hamdel.staffing import actions, queries
from hamdel.staffing.models import PulseAnswer, PulseTaken, Shift
from hamdel.test import ApiClient, Cast, make_agent, make_conversation
from hamdel.tickets.models import Conversation

pytestmark = pytest.mark.django_db


def _client(cast: Cast, username: str) -> Client:
    client = Client()
    client.force_login(getattr(cast, username).user)
    return client


def _yesterday_at(cast: Cast, hour: int) -> datetime:
    zone = ZoneInfo(cast.support.timezone)
    today = timezone.localtime(timezone.now(), zone).date()
    return datetime.combine(today - timedelta(days=1), time(hour), zone)


def test_the_plan_shows_required_against_scheduled_agents_and_the_gaps(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    Conversation.objects.filter(pk=conversation.pk).update(created_at=_yesterday_at(cast, 10))
    start = _yesterday_at(cast, 9) + timedelta(days=1)
    actions.add_shift(cast.alice, cast.support, start, start + timedelta(hours=2), None)
    plan = queries.plan_for(cast.support, start.date(), 60)
    ten = plan.intervals[10]
    assert ten.forecast == 1  # too little history: yesterday repeats
    assert ten.agents == 1
    assert ten.required == 2  # one agent on the phones, shrinkage 30 % on top
    assert ten.scheduled == 1
    assert ten.gap == -1
    assert plan.intervals[9].gap == 1  # on shift, nothing forecast
    page = _client(cast, "sam").get(
        f"/staffing/teams/{cast.support.pk}/?day={start.date():%Y-%m-%d}&interval=60"
    )
    html = page.content.decode()
    assert "<svg" in html
    assert 'class="gap"' in html
    assert "Seasonal naive" in html
    assert "<script" not in html[html.index("<svg") : html.index("</svg>")]


def test_agents_may_not_open_the_plan(cast: Cast) -> None:
    assert _client(cast, "alice").get(f"/staffing/teams/{cast.support.pk}/").status_code == 403


def test_the_api_answers_erlang_with_the_cli_shape(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    found = api.get(
        "/staffing/erlang", calls=100, interval_minutes=30, aht=180, shrinkage=0.3, patience=60
    ).json()
    assert set(found) == {
        "agents",
        "service_level",
        "probability_wait",
        "asa_seconds",
        "occupancy",
        "abandon_rate",
        "scheduled_agents",
    }
    assert found["agents"] == 12
    plain = api.get("/staffing/erlang", calls=100, interval_minutes=30, aht=180).json()
    assert set(plain) == {"agents", "service_level", "probability_wait", "asa_seconds", "occupancy"}


def test_the_api_plan_carries_the_backtest_and_every_interval(cast: Cast) -> None:
    plan = ApiClient(cast.sam.user).get(
        f"/staffing/queues/{cast.support.pk}/plan", interval_minutes=15
    )
    assert plan.status_code == 200
    body = plan.json()
    assert len(body["intervals"]) == 96
    assert body["method"] == "seasonal_naive"
    assert body["backtest"] == {"mape": None, "wape": None}


def test_an_agent_sets_their_presence_and_it_is_audited(cast: Cast) -> None:
    client = _client(cast, "alice")
    cast.alice.refresh_from_db()
    assert cast.alice.presence == Presence.AVAILABLE  # signing in counts as activity
    client.post("/staffing/presence", {"presence": "absent"})
    cast.alice.refresh_from_db()
    assert cast.alice.presence == Presence.ABSENT
    assert "aria-pressed" in client.get("/staffing/me/").content.decode()


def test_idle_agents_are_marked_away_and_come_back_when_they_act(cast: Cast) -> None:
    actions.set_presence(cast.alice, Presence.AVAILABLE, None)
    later = timezone.now() + actions.IDLE_AFTER + timedelta(minutes=1)
    idle, _back = actions.mark_idle_away(later)
    assert cast.alice.pk in idle
    cast.alice.refresh_from_db()
    assert cast.alice.presence == Presence.AWAY
    record_event("test.acted", subject_type="agent", subject_id=1, actor=cast.alice.user)
    _idle, back = actions.mark_idle_away(timezone.now())
    assert cast.alice.pk in back
    cast.alice.refresh_from_db()
    assert cast.alice.presence == Presence.AVAILABLE


def test_an_agent_chooses_away_and_the_job_leaves_them_so(cast: Cast) -> None:
    actions.set_presence(cast.alice, Presence.AWAY, cast.alice.user)
    record_event("test.acted", subject_type="agent", subject_id=1, actor=cast.alice.user)
    actions.mark_idle_away(timezone.now())
    cast.alice.refresh_from_db()
    assert cast.alice.presence == Presence.AWAY


def test_the_pulse_is_anonymous_and_hides_groups_under_five(cast: Cast) -> None:
    agents = [make_agent(f"agent{n}", teams=[cast.support]) for n in range(4)]
    today = timezone.localdate()
    for agent in agents:
        actions.answer_pulse(agent, mood=4, workload=2, support=5, today=today)
    rows = queries.pulse_summary(today)
    assert all(row.mood is None for row in rows)
    assert "too few" in _client(cast, "sam").get("/staffing/").content.decode()
    _client(cast, "alice").post("/staffing/pulse", {"mood": 2, "workload": 2, "support": 5})
    rows = queries.pulse_summary(today)
    everyone = next(row for row in rows if row.team == "")
    assert everyone.answers == 5
    assert everyone.mood == 3.6
    assert not any(f.name == "agent" for f in PulseAnswer._meta.get_fields())
    assert PulseTaken.objects.filter(agent=cast.alice).count() == 1
    with pytest.raises(Exception, match="already"):
        actions.answer_pulse(cast.alice, mood=1, workload=1, support=1, today=today)


def test_a_supervisor_adds_and_removes_a_shift(cast: Cast) -> None:
    client = _client(cast, "sam")
    start = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    client.post(
        f"/staffing/teams/{cast.support.pk}/shifts",
        {
            "agent": cast.alice.pk,
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    shift = Shift.objects.get(agent=cast.alice)
    assert shift.end - shift.start == timedelta(hours=8)
    client.post(f"/staffing/shifts/{shift.pk}/remove")
    assert not Shift.objects.exists()


def test_the_waiting_page_and_the_conversation_panel_explain_the_wait(cast: Cast) -> None:
    actions.update_queue(cast.support, None, routing_enabled=True)
    conversation = make_conversation(cast.customer, team=cast.support)
    client = Client()
    client.force_login(cast.bob.user)  # bob (Billing) signs in: available, not on Support
    assert "Nothing is waiting" in client.get("/staffing/waiting/").content.decode()
    alice = _client(cast, "alice")  # alice signs in: available, and it goes to her
    page = alice.get(f"/conversations/{conversation.pk}/").content.decode()
    assert "waiting: nobody on the team is available" in page
    assert "assigned to alice" in page
