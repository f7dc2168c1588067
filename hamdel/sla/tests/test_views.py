"""The administrators' SLA pages: policies in order, and business calendars as files."""

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hamdel.audit.models import Event
from hamdel.sla.models import Calendar, ReopenRule, SlaPolicy, SlaTimer, TeamCalendar
from hamdel.sla.tests.calendar_factories import tehran_week
from hamdel.sla.tests.sla_factories import make_policy, make_stored_calendar
from hamdel.test import PASSWORD, Cast, make_conversation
from hamdel.tickets.models import Channel, Priority

pytestmark = pytest.mark.django_db

PAGES = (
    "/sla/policies/",
    "/sla/policies/new",
    "/sla/calendars/",
)


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def policy_form(**overrides: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "name": "VIP phone",
        "is_active": "on",
        "channels": [Channel.PHONE],
        "priorities": [Priority.HIGH, Priority.URGENT],
        "first_response_minutes": "30",
        "next_response_minutes": "60",
        "resolution_minutes": "240",
        "warning_percent": "75",
        "on_reopen": ReopenRule.RESUME,
        "notify_supervisor": "on",
    }
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def calendar_upload(definition: Any, name: str = "tehran.json") -> SimpleUploadedFile:
    text = definition if isinstance(definition, str) else json.dumps(definition)
    return SimpleUploadedFile(name, text.encode(), content_type="application/json")


def names_in_order() -> list[str]:
    return list(SlaPolicy.objects.order_by("position", "id").values_list("name", flat=True))


def test_agents_and_supervisors_may_not_open_or_use_the_sla_pages(cast: Cast) -> None:
    policy = make_policy()
    calendar = make_stored_calendar()
    for username in ("alice", "sam"):
        client = signed_in(username)
        for path in (*PAGES, f"/sla/policies/{policy.pk}/", f"/sla/calendars/{calendar.pk}/export"):
            assert client.get(path).status_code == 403, (username, path)
        writes = {
            "/sla/policies/new": policy_form(name="Mine"),
            f"/sla/policies/{policy.pk}/": policy_form(name="Renamed"),
            f"/sla/policies/{policy.pk}/move": {"direction": "up"},
            f"/sla/policies/{policy.pk}/remove": {},
            "/sla/calendars/": {"file": calendar_upload({"name": "X", "timezone": "UTC"})},
            "/sla/calendars/teams": {"team": cast.support.pk, "calendar": calendar.pk},
        }
        for path, body in writes.items():
            assert client.post(path, body).status_code == 403, (username, path)
    assert names_in_order() == ["Standard"]
    assert list(Calendar.objects.values_list("name", flat=True)) == ["Berlin office"]
    assert not TeamCalendar.objects.exists()


def test_the_administrator_finds_the_pages_in_the_navigation(cast: Cast) -> None:
    client = signed_in("ada")
    assert 'href="/sla/policies/"' in client.get("/customers/").content.decode()
    page = client.get("/sla/policies/").content.decode()
    assert 'href="/sla/calendars/"' in page
    assert 'href="/sla/policies/"' not in signed_in("sam").get("/customers/").content.decode()


def test_an_admin_creates_a_policy_that_goes_last_and_the_list_shows_it(cast: Cast) -> None:
    make_policy("Existing", position=4)
    calendar = make_stored_calendar()
    client = signed_in("ada")
    assert client.get("/sla/policies/new").status_code == 200
    response = client.post(
        "/sla/policies/new",
        policy_form(
            teams=[cast.support.pk],
            calendar=calendar.pk,
            escalate_to_team=cast.billing.pk,
            raise_priority="on",
        ),
    )
    assert response.status_code == 302
    created = SlaPolicy.objects.get(name="VIP phone")
    assert created.position == 5
    assert (created.channels, created.priorities) == (["phone"], ["high", "urgent"])
    assert (created.first_response_minutes, created.warning_percent) == (30, 75)
    assert (created.calendar, created.escalate_to_team) == (calendar, cast.billing)
    assert created.on_reopen == ReopenRule.RESUME
    assert created.raise_priority
    assert list(created.teams.all()) == [cast.support]
    assert Event.objects.filter(verb="sla.policy_saved", actor=cast.ada.user).exists()

    page = client.get("/sla/policies/").content.decode()
    assert page.index("Existing") < page.index("VIP phone")
    for shown in ("Phone", "High, Urgent", "Support", "30 min", "75 %", "Berlin office", "Billing"):
        assert shown in page, shown


def test_an_admin_edits_a_policy_and_sees_the_errors_of_a_bad_one(cast: Cast) -> None:
    policy = make_policy("Standard", teams=[cast.support])
    make_policy("Taken")
    client = signed_in("ada")
    form = client.get(f"/sla/policies/{policy.pk}/").content.decode()
    assert 'value="Standard"' in form

    response = client.post(f"/sla/policies/{policy.pk}/", policy_form(name="Taken"))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    response = client.post(f"/sla/policies/{policy.pk}/", policy_form(warning_percent="0"))
    assert response.status_code == 200
    policy.refresh_from_db()
    assert (policy.name, policy.warning_percent) == ("Standard", 80)

    response = client.post(
        f"/sla/policies/{policy.pk}/",
        policy_form(name="Standard", channels=None, priorities=None, resolution_minutes=""),
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.channels, policy.priorities, policy.resolution_minutes) == ([], [], None)
    assert (policy.first_response_minutes, policy.warning_percent) == (30, 75)
    assert list(policy.teams.all()) == []  # no team ticked: any team


def test_an_admin_moves_policies_up_and_down(cast: Cast) -> None:
    first, second, third = (make_policy(name, position=n) for n, name in enumerate("ABC", 1))
    client = signed_in("ada")
    client.post(f"/sla/policies/{third.pk}/move", {"direction": "up"})
    assert names_in_order() == ["A", "C", "B"]
    client.post(f"/sla/policies/{first.pk}/move", {"direction": "down"})
    assert names_in_order() == ["C", "A", "B"]
    client.post(f"/sla/policies/{second.pk}/move", {"direction": "down"})  # already last
    client.post(f"/sla/policies/{third.pk}/move", {"direction": "up"})  # already first
    assert names_in_order() == ["C", "A", "B"]
    positions = list(SlaPolicy.objects.order_by("position").values_list("position", flat=True))
    assert positions == [1, 2, 3]
    assert client.post("/sla/policies/9999/move", {"direction": "up"}).status_code == 404


def test_removing_deletes_an_unused_policy_and_deactivates_one_with_clocks(cast: Cast) -> None:
    used = make_policy("Used", channels=[Channel.EMAIL])
    unused = make_policy("Unused", channels=[Channel.PHONE])
    make_conversation(cast.customer, channel=Channel.EMAIL)
    assert SlaTimer.objects.filter(policy=used).exists()
    client = signed_in("ada")

    response = client.post(f"/sla/policies/{unused.pk}/remove", follow=True)
    assert "Policy Unused deleted." in response.content.decode()
    assert not SlaPolicy.objects.filter(pk=unused.pk).exists()

    response = client.post(f"/sla/policies/{used.pk}/remove", follow=True)
    assert "deactivated rather than deleted" in response.content.decode()
    used.refresh_from_db()
    assert not used.is_active
    assert "inactive" in response.content.decode()


def test_an_admin_imports_a_calendar_file_and_replaces_it_by_name(cast: Cast) -> None:
    client = signed_in("ada")
    definition = {"name": "Tehran support", "timezone": "Asia/Tehran", "periods": tehran_week()}
    response = client.post("/sla/calendars/", {"file": calendar_upload(definition)}, follow=True)
    assert "Calendar Tehran support created." in response.content.decode()
    calendar = Calendar.objects.get(name="Tehran support")
    assert calendar.definition["periods"]["thu"] == [["08:00", "13:00"]]
    assert "Asia/Tehran" in response.content.decode()

    definition["periods"] = {**tehran_week(), "thu": []}
    response = client.post("/sla/calendars/", {"file": calendar_upload(definition)}, follow=True)
    assert "Calendar Tehran support replaced." in response.content.decode()
    calendar.refresh_from_db()
    assert calendar.definition["periods"]["thu"] == []
    assert Calendar.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        (
            {"name": "Bad", "timezone": "Asia/Teheran", "periods": {"monday": []}},
            ["unknown timezone &#x27;Asia/Teheran&#x27;", "unknown weekday &#x27;monday&#x27;"],
        ),
        ({"name": "Idle", "timezone": "UTC", "periods": {}}, ["no working periods"]),
        ('{"name": "Broken", ', ["This file is not valid JSON"]),
        ('["a list"]', ["a calendar must be a JSON object"]),
    ],
)
def test_an_invalid_calendar_file_shows_every_problem_and_saves_nothing(
    cast: Cast, content: Any, shown: list[str]
) -> None:
    response = signed_in("ada").post("/sla/calendars/", {"file": calendar_upload(content)})
    assert response.status_code == 200
    page = response.content.decode()
    for problem in shown:
        assert problem in page
    assert not Calendar.objects.exists()
    assert not Event.objects.filter(subject_type="calendar").exists()


def test_an_import_without_a_file_asks_for_one(cast: Cast) -> None:
    response = signed_in("ada").post("/sla/calendars/", {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_an_admin_exports_a_calendar_as_a_file_that_imports_again(cast: Cast) -> None:
    calendar = make_stored_calendar("Tehran support", holidays={"country": "IR"})
    client = signed_in("ada")
    response = client.get(f"/sla/calendars/{calendar.pk}/export")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="tehran-support.json"'
    exported = json.loads(response.content)
    assert exported == calendar.business_calendar().to_dict()
    assert '["09:00", "12:00"]' in response.content.decode()  # one pair per line
    assert client.get("/sla/calendars/9999/export").status_code == 404


def test_an_admin_links_a_team_to_a_calendar_and_back_to_round_the_clock(cast: Cast) -> None:
    calendar = make_stored_calendar()
    client = signed_in("ada")
    response = client.post(
        "/sla/calendars/teams", {"team": cast.support.pk, "calendar": calendar.pk}, follow=True
    )
    assert TeamCalendar.objects.get(team=cast.support).calendar == calendar
    page = response.content.decode()
    assert f'<option value="{calendar.pk}" selected>' in page

    client.post("/sla/calendars/teams", {"team": cast.support.pk, "calendar": ""})
    assert not TeamCalendar.objects.exists()

    response = client.post("/sla/calendars/teams", {"team": 9999, "calendar": ""}, follow=True)
    assert "Select a valid choice" in response.content.decode()


def test_the_pages_work_in_persian_right_to_left_with_persian_digits(cast: Cast) -> None:
    make_policy("Standard", first_response_minutes=45, warning_percent=80)
    make_stored_calendar()
    client = signed_in("ada")
    client.post("/language", {"language": "fa", "next": "/sla/policies/"})
    page = client.get("/sla/policies/").content.decode()
    assert 'dir="rtl"' in page
    assert "۴۵" in page
    assert "۸۰" in page
    assert "45" not in page.split("<main", 1)[1]
    calendars = client.get("/sla/calendars/").content.decode()
    assert 'dir="rtl"' in calendars
    assert "Berlin office" in calendars
