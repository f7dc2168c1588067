"""The SLA API: agents read policies and calendars, administrators change them."""

from typing import Any

import pytest

from hamdel.audit.models import Event
from hamdel.people.models import Tier
from hamdel.sla.calendars import WEEKDAYS
from hamdel.sla.models import Calendar, SlaPolicy, SlaTimer, TeamCalendar
from hamdel.sla.tests.calendar_factories import tehran_week
from hamdel.sla.tests.sla_factories import make_policy, make_stored_calendar
from hamdel.test import ApiClient, Cast, make_conversation
from hamdel.tickets.models import Channel, Priority

pytestmark = pytest.mark.django_db


def tehran_file(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Tehran support",
        "timezone": "Asia/Tehran",
        "periods": tehran_week(),
        "holidays": {"country": "IR"},
        **overrides,
    }


def test_an_agent_lists_policies_in_the_order_they_are_tried(cast: Cast) -> None:
    make_policy("Later", position=2, teams=[cast.support])
    make_policy("First", position=1, tiers=[Tier.VIP])
    response = ApiClient(cast.alice.user).get("/sla/policies")
    assert response.status_code == 200
    policies = response.json()
    assert [policy["name"] for policy in policies] == ["First", "Later"]
    assert policies[0]["tiers"] == ["vip"]
    assert policies[1]["team_ids"] == [cast.support.pk]


def test_an_agent_may_not_create_a_policy(cast: Cast) -> None:
    response = ApiClient(cast.alice.user).post("/sla/policies", {"name": "Mine"})
    assert response.status_code == 403
    assert not SlaPolicy.objects.exists()


def test_a_supervisor_may_not_change_a_policy_either(cast: Cast) -> None:
    policy = make_policy()
    response = ApiClient(cast.sam.user).patch(
        f"/sla/policies/{policy.pk}", {"first_response_minutes": 1}
    )
    assert response.status_code == 403
    policy.refresh_from_db()
    assert policy.first_response_minutes == 60


def test_an_admin_creates_a_policy_that_goes_last_and_applies_to_new_conversations(
    cast: Cast,
) -> None:
    make_policy("Existing", position=4, channels=[Channel.PHONE])
    calendar = make_stored_calendar()
    response = ApiClient(cast.ada.user).post(
        "/sla/policies",
        {
            "name": "Support email",
            "channels": ["email"],
            "team_ids": [cast.support.pk],
            "first_response_minutes": 30,
            "resolution_minutes": 600,
            "warning_percent": 75,
            "calendar_id": calendar.pk,
            "escalate_to_team_id": cast.billing.pk,
            "raise_priority": True,
        },
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["position"] == 5
    assert created["team_ids"] == [cast.support.pk]
    assert created["calendar_id"] == calendar.pk
    assert created["escalate_to_team_id"] == cast.billing.pk
    conversation = make_conversation(cast.customer, team=cast.support)
    first = SlaTimer.objects.get(conversation=conversation, metric="first_response")
    assert first.policy_id == created["id"]
    assert first.target_seconds == 30 * 60
    assert Event.objects.filter(verb="sla.policy_saved", actor=cast.ada.user).exists()


def test_an_unknown_priority_is_refused_with_the_field_that_is_wrong(cast: Cast) -> None:
    response = ApiClient(cast.ada.user).post(
        "/sla/policies", {"name": "Odd", "priorities": ["whenever"]}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "priorities"
    assert not SlaPolicy.objects.exists()


def test_a_calendar_or_team_that_does_not_exist_is_refused_by_field(cast: Cast) -> None:
    admin = ApiClient(cast.ada.user)
    missing_calendar = admin.post("/sla/policies", {"name": "A", "calendar_id": 999})
    missing_team = admin.post("/sla/policies", {"name": "A", "team_ids": [cast.support.pk, 999]})
    assert missing_calendar.status_code == missing_team.status_code == 422
    assert missing_calendar.json()["field"] == "calendar_id"
    assert missing_team.json()["field"] == "team_ids"


def test_a_duplicate_name_or_a_warning_above_100_percent_is_refused(cast: Cast) -> None:
    make_policy("Standard")
    admin = ApiClient(cast.ada.user)
    duplicate = admin.post("/sla/policies", {"name": "Standard"})
    too_late = admin.post("/sla/policies", {"name": "Other", "warning_percent": 120})
    assert duplicate.status_code == too_late.status_code == 422
    assert duplicate.json()["field"] == "name"
    assert too_late.json()["field"] == "warning_percent"


def test_an_admin_changes_only_the_fields_sent(cast: Cast) -> None:
    policy = make_policy("Standard", priorities=[Priority.HIGH], teams=[cast.support])
    response = ApiClient(cast.ada.user).patch(
        f"/sla/policies/{policy.pk}", {"first_response_minutes": 15, "team_ids": []}
    )
    assert response.status_code == 200, response.json()
    changed = response.json()
    assert changed["first_response_minutes"] == 15
    assert changed["priorities"] == ["high"]
    assert changed["resolution_minutes"] == 480
    assert changed["team_ids"] == []


def test_setting_a_required_field_to_null_is_refused(cast: Cast) -> None:
    policy = make_policy()
    response = ApiClient(cast.ada.user).patch(f"/sla/policies/{policy.pk}", {"name": None})
    assert response.status_code == 422
    assert response.json()["field"] == "name"


def test_reordering_changes_which_policy_a_new_conversation_gets(cast: Cast) -> None:
    slow = make_policy("Slow", position=1, first_response_minutes=240)
    fast = make_policy("Fast", position=2, first_response_minutes=10)
    response = ApiClient(cast.ada.user).post("/sla/policies/reorder", {"ids": [fast.pk, slow.pk]})
    assert response.status_code == 200
    assert [(policy["name"], policy["position"]) for policy in response.json()] == [
        ("Fast", 1),
        ("Slow", 2),
    ]
    conversation = make_conversation(cast.customer)
    assert SlaTimer.objects.get(conversation=conversation, metric="first_response").policy == fast


def test_reordering_must_list_every_policy_exactly_once(cast: Cast) -> None:
    first = make_policy("First", position=1)
    make_policy("Second", position=2)
    admin = ApiClient(cast.ada.user)
    missing = admin.post("/sla/policies/reorder", {"ids": [first.pk]})
    twice = admin.post("/sla/policies/reorder", {"ids": [first.pk, first.pk]})
    assert missing.status_code == twice.status_code == 422
    assert missing.json()["field"] == "ids"
    assert list(SlaPolicy.objects.values_list("name", "position")) == [
        ("First", 1),
        ("Second", 2),
    ]


def test_deleting_an_unused_policy_removes_it(cast: Cast) -> None:
    policy = make_policy()
    response = ApiClient(cast.ada.user).delete(f"/sla/policies/{policy.pk}")
    assert response.status_code == 204
    assert not SlaPolicy.objects.exists()


def test_deleting_a_policy_with_clocks_deactivates_it_and_keeps_its_clocks(cast: Cast) -> None:
    policy = make_policy()
    conversation = make_conversation(cast.customer)
    response = ApiClient(cast.ada.user).delete(f"/sla/policies/{policy.pk}")
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert SlaTimer.objects.filter(conversation=conversation, policy=policy).count() == 2
    later = make_conversation(cast.customer)
    assert not SlaTimer.objects.filter(conversation=later).exists()


def test_an_agent_lists_calendars_with_their_teams(cast: Cast) -> None:
    calendar = make_stored_calendar("Berlin office")
    TeamCalendar.objects.create(team=cast.support, calendar=calendar)
    response = ApiClient(cast.alice.user).get("/sla/calendars")
    assert response.status_code == 200
    [listed] = response.json()
    assert listed["name"] == "Berlin office"
    assert listed["timezone"] == "Europe/Berlin"
    assert listed["team_ids"] == [cast.support.pk]


def test_an_admin_imports_a_calendar_then_replaces_it_by_name(cast: Cast) -> None:
    admin = ApiClient(cast.ada.user)
    created = admin.post("/sla/calendars/import", tehran_file())
    replaced = admin.post(
        "/sla/calendars/import", tehran_file(closures=[["2026-12-31", "2027-01-01"]])
    )
    assert created.status_code == 201, created.json()
    assert created.json()["created"] is True
    assert replaced.status_code == 200
    assert replaced.json()["created"] is False
    assert replaced.json()["calendar"]["id"] == created.json()["calendar"]["id"]
    stored = Calendar.objects.get()
    assert stored.definition["closures"] == [["2026-12-31", "2027-01-01"]]


def test_an_agent_may_not_import_a_calendar(cast: Cast) -> None:
    response = ApiClient(cast.alice.user).post("/sla/calendars/import", tehran_file())
    assert response.status_code == 403
    assert not Calendar.objects.exists()


def test_every_problem_of_a_calendar_file_is_reported_by_field(cast: Cast) -> None:
    broken = tehran_file(timezone="Asia/Teheran", periods={"monday": [["8:00", "12:00"]]})
    response = ApiClient(cast.ada.user).post("/sla/calendars/import", broken)
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"periods", "timezone"}
    assert any("Asia/Teheran" in error["message"] for error in response.json()["errors"])


def test_export_gives_back_the_canonical_file_that_imports_again(cast: Cast) -> None:
    admin = ApiClient(cast.ada.user)
    calendar_id = admin.post("/sla/calendars/import", tehran_file()).json()["calendar"]["id"]
    exported = ApiClient(cast.alice.user).get(f"/sla/calendars/{calendar_id}/export").json()
    assert list(exported["periods"]) == list(WEEKDAYS)
    assert exported["periods"]["fri"] == []
    assert exported["holidays"] == {"country": "IR"}
    again = admin.post("/sla/calendars/import", exported)
    assert again.status_code == 200
    assert Calendar.objects.get().definition == exported


def test_an_admin_moves_an_estimated_holiday_by_one_day(cast: Cast) -> None:
    admin = ApiClient(cast.ada.user)
    calendar_id = admin.post("/sla/calendars/import", tehran_file()).json()["calendar"]["id"]
    holidays = admin.get(f"/sla/calendars/{calendar_id}/holidays", year=2030).json()
    estimated = next(holiday for holiday in holidays if holiday["estimated"])
    day = estimated["date"]
    removed = admin.put(f"/sla/calendars/{calendar_id}/holidays/{day}", {"name": None})
    assert removed.status_code == 200, removed.json()
    assert removed.json() == {"date": day, "name": None, "estimated": False, "corrected": True}
    after = admin.get(f"/sla/calendars/{calendar_id}/holidays", year=2030).json()
    assert day not in {holiday["date"] for holiday in after}
    assert Calendar.objects.get().definition["holidays"]["overrides"] == {day: None}


def test_an_agent_may_not_correct_a_holiday(cast: Cast) -> None:
    calendar = make_stored_calendar(holidays={"country": "DE"})
    response = ApiClient(cast.alice.user).put(
        f"/sla/calendars/{calendar.pk}/holidays/2030-05-02", {"name": "Bridge day"}
    )
    assert response.status_code == 403


def test_correcting_a_holiday_on_a_calendar_without_a_country_is_refused(cast: Cast) -> None:
    calendar = make_stored_calendar(holidays=None)
    response = ApiClient(cast.ada.user).put(
        f"/sla/calendars/{calendar.pk}/holidays/2030-05-02", {"name": "Bridge day"}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "holidays"


def test_an_admin_sets_and_clears_a_teams_calendar(cast: Cast) -> None:
    calendar = make_stored_calendar()
    admin = ApiClient(cast.ada.user)
    path = f"/sla/teams/{cast.support.pk}/calendar"
    assert admin.put(path, {"calendar_id": calendar.pk}).json() == {
        "team_id": cast.support.pk,
        "calendar_id": calendar.pk,
    }
    assert ApiClient(cast.alice.user).get(path).json()["calendar_id"] == calendar.pk
    assert admin.put(path, {"calendar_id": None}).json()["calendar_id"] is None
    assert not TeamCalendar.objects.exists()


def test_an_agent_may_not_set_a_teams_calendar(cast: Cast) -> None:
    calendar = make_stored_calendar()
    response = ApiClient(cast.alice.user).put(
        f"/sla/teams/{cast.support.pk}/calendar", {"calendar_id": calendar.pk}
    )
    assert response.status_code == 403
    assert not TeamCalendar.objects.exists()


def test_a_team_calendar_that_does_not_exist_is_refused(cast: Cast) -> None:
    response = ApiClient(cast.ada.user).put(
        f"/sla/teams/{cast.support.pk}/calendar", {"calendar_id": 999}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "calendar_id"
