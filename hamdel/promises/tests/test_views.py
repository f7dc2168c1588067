import re
from datetime import UTC, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hamdel.promises import appointments
from hamdel.promises.models import Appointment, Promise, State
from hamdel.promises.tests.factories import make_promise
from hamdel.test import Cast, make_conversation

pytestmark = pytest.mark.django_db
JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"


def _client(cast: Cast, username: str = "alice") -> Client:
    client = Client()
    client.force_login(getattr(cast, username).user)
    return client


def _box(hours: float, **extra: str) -> dict[str, str]:
    due = (timezone.now() + timedelta(hours=hours)).astimezone(UTC)  # the agents keep UTC
    return {
        "promise-kind": "callback",
        "promise-due_at": due.strftime("%Y-%m-%dT%H:%M"),
        "promise-owner": "me",
        **extra,
    }


def test_the_conversation_page_has_the_promise_box_in_the_reply_form(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    page = _client(cast).get(f"/conversations/{conversation.pk}/").content.decode()
    form = page[
        page.index('id="reply-form"') : page.index("</form>", page.index('id="reply-form"'))
    ]
    assert 'id="promise-box"' in form
    assert "Check the time" in form


def test_an_unrealistic_time_shows_the_realistic_one_and_saves_nothing(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    response = _client(cast).post(f"/promises/conversations/{conversation.pk}/check", _box(0.5))
    page = response.content.decode()
    assert "This time is unlikely to be met." in page
    assert 'name="realistic_due_at"' in page
    assert "team&#x27;s default" in page
    assert not Promise.objects.exists()


def test_keeping_an_unlikely_time_needs_a_reason(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    client = _client(cast)
    url = f"/promises/conversations/{conversation.pk}/make"
    refused = client.post(url, _box(0.5, use="mine")).content.decode()
    assert "give a reason to keep yours" in refused
    assert not Promise.objects.exists()
    made = client.post(url, _box(0.5, use="mine", **{"promise-unlikely_reason": "VIP"}))
    assert "data-promise-sentence=" in made.content.decode()
    assert Promise.objects.get().unlikely_reason == "VIP"


def test_choosing_the_realistic_time_saves_it_and_hands_the_sentence_to_the_reply(
    cast: Cast,
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    client = _client(cast)
    check = client.post(f"/promises/conversations/{conversation.pk}/check", _box(0.5))
    realistic = re.search(r'name="realistic_due_at" value="([^"]+)"', check.content.decode())
    assert realistic is not None
    made = client.post(
        f"/promises/conversations/{conversation.pk}/make",
        _box(0.5, use="realistic", realistic_due_at=realistic.group(1)),
    )
    assert "I will call you back by" in made.content.decode()
    promise = Promise.objects.get()
    assert promise.due_at.isoformat() == realistic.group(1)
    assert promise.told_in_reply
    assert promise.unlikely_reason == ""


def test_a_persian_agent_sees_the_realistic_time_in_the_jalali_calendar(cast: Cast) -> None:
    cast.alice.ui_language = "fa"
    cast.alice.save(update_fields=["ui_language"])
    conversation = make_conversation(cast.customer, team=cast.support)
    page = (
        _client(cast).post(f"/promises/conversations/{conversation.pk}/check", _box(0.5))
    ).content.decode()
    assert re.search(JALALI_MONTHS, page)
    assert re.search("[۰-۹]", page)


def test_my_promises_are_listed_due_soonest_first_with_my_kept_rate(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    later = make_promise(conversation, cast.alice.user, hours=90, words="later one")
    sooner = make_promise(conversation, cast.alice.user, hours=30, words="sooner one")
    make_promise(conversation, cast.sam.user, hours=10, words="sam's")
    page = _client(cast).get("/promises/mine/").content.decode()
    assert page.index("sooner one") < page.index("later one")
    assert "sam&#x27;s" not in page
    assert sooner.state == later.state == State.OPEN
    assert "nothing due" in page


def test_the_inbox_and_the_conversation_show_the_promise_badge(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    make_promise(conversation, cast.alice.user, hours=1)
    client = _client(cast)
    assert "promise-due_soon" in client.get("/inbox/?view=all").content.decode()
    page = client.get(f"/conversations/{conversation.pk}/").content.decode()
    assert "Promise due soon" in page
    assert 'id="promises"' in page


def test_the_supervisor_sees_kept_rates_per_agent_and_team(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    now = timezone.now()
    kept = make_promise(conversation, cast.alice.user, hours=1, now=now - timedelta(hours=3))
    Promise.objects.filter(pk=kept.pk).update(
        state=State.KEPT, kept_at=now - timedelta(hours=2.5), due_at=now - timedelta(hours=2)
    )
    make_promise(conversation, cast.alice.user, hours=1, now=now - timedelta(hours=3))
    Promise.objects.exclude(pk=kept.pk).update(
        state=State.BROKEN, broken_at=now - timedelta(hours=1), due_at=now - timedelta(hours=2)
    )
    page = _client(cast, "sam").get("/promises/report/").content.decode()
    agents = page[page.index('id="agent-rates"') :]
    assert "alice" in agents
    assert "50%" in agents
    assert "1 of 2 kept on time, 1 broken" in agents
    assert _client(cast).get("/promises/report/").status_code == 403


def test_an_appointment_is_booked_from_a_free_slot_on_the_conversation(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    client = _client(cast)
    fragment = client.get(f"/promises/conversations/{conversation.pk}/slots?minutes=30")
    slots = re.findall(
        r'name="agent" value="(\d+)"><input type="hidden" name="start" value="([^"]+)"',
        fragment.content.decode(),
    )
    assert len(slots) == 12
    agent, start = slots[0]
    booking = {"agent": agent, "start": start, "minutes": "30"}
    assert (
        client.post(f"/promises/conversations/{conversation.pk}/book", booking).status_code == 302
    )
    appointment = Appointment.objects.get()
    assert appointment.start.isoformat() == start
    assert appointment.conversation == conversation
    again = client.post(f"/promises/conversations/{conversation.pk}/book", booking, follow=True)
    assert "just booked by someone else" in again.content.decode()
    assert Appointment.objects.count() == 1
    page = client.get(f"/conversations/{conversation.pk}/").content.decode()
    assert f'id="appointment-{appointment.pk}"' in page


def test_the_calendar_shows_the_week_and_the_day_jalali_for_persian(cast: Cast) -> None:
    start = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    booked = appointments.book_appointment(
        agent=cast.alice.user, customer=cast.customer, start=start, minutes=30
    )
    client = _client(cast)
    day = start.date().isoformat()
    week = client.get(f"/promises/calendar/?view=week&day={day}").content.decode()
    assert f'id="appointment-{booked.pk}"' in week
    assert week.count('class="calendar-day"') == 7
    one_day = client.get(f"/promises/calendar/?view=day&day={day}").content.decode()
    assert one_day.count('class="calendar-day"') == 1
    cast.alice.ui_language = "fa"
    cast.alice.save(update_fields=["ui_language"])
    persian = client.get(f"/promises/calendar/?view=week&day={day}").content.decode()
    assert re.search(JALALI_MONTHS, persian)
    assert 'dir="rtl"' in persian


def test_moving_and_cancelling_an_appointment_from_the_calendar(cast: Cast) -> None:
    start = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    booked = appointments.book_appointment(
        agent=cast.alice.user, customer=cast.customer, start=start, minutes=30
    )
    client = _client(cast)
    later = (start + timedelta(hours=2)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    client.post(f"/promises/appointments/{booked.pk}/move", {"start": later, "minutes": "45"})
    booked.refresh_from_db()
    assert (booked.start, booked.minutes) == (start + timedelta(hours=2), 45)
    client.post(f"/promises/appointments/{booked.pk}/cancel", {"reason": "ill"})
    booked.refresh_from_db()
    assert booked.state == "cancelled"
