from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from icalendar import Calendar

from hamdel.live.models import Notification
from hamdel.promises import appointments
from hamdel.promises.declarations import APPOINTMENT_REMINDER
from hamdel.promises.models import Appointment, AppointmentState
from hamdel.sla.actions import set_team_calendar
from hamdel.sla.tests.sla_factories import make_stored_calendar
from hamdel.test import ApiClient, Cast, make_conversation
from hamdel.tickets.models import Direction, Message

pytestmark = pytest.mark.django_db


def _start(days: int = 3, hour: int = 10) -> datetime:
    moment = timezone.now() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _invitation(message: Message) -> Calendar:
    attachment = message.attachments.get()
    assert attachment.content_type == "text/calendar"
    return Calendar.from_ical(attachment.file.read())


def test_booking_sends_the_customer_an_ics_invitation_on_their_conversation(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    booked = appointments.book_appointment(
        agent=cast.alice.user,
        customer=cast.customer,
        conversation=conversation,
        start=_start(),
        minutes=45,
    )
    message = Message.objects.filter(conversation=conversation, direction=Direction.OUTBOUND).get()
    assert message.delivery == "queued"  # the transport registry sends it
    assert "is booked for" in message.body_text
    calendar = _invitation(message)
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == booked.uid
    assert event.decoded("DTSTART") == booked.start
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=45)


def test_a_customer_without_a_conversation_gets_the_invitation_by_email(cast: Cast) -> None:
    booked = appointments.book_appointment(
        agent=cast.alice.user, customer=cast.customer, start=_start(), minutes=30
    )
    assert booked.conversation is not None
    assert booked.conversation.channel == "email"
    assert _invitation(booked.conversation.messages.get())["METHOD"] == "REQUEST"


def test_an_overlapping_booking_is_refused_with_the_next_free_slots(cast: Cast) -> None:
    start = _start()
    appointments.book_appointment(
        agent=cast.alice.user, customer=cast.customer, start=start, minutes=60
    )
    with pytest.raises(appointments.SlotTaken) as taken:
        appointments.book_appointment(
            agent=cast.alice.user,
            customer=cast.customer,
            start=start + timedelta(minutes=30),
            minutes=30,
        )
    assert [slot.start for slot in taken.value.next_slots] == [
        start + timedelta(minutes=60),
        start + timedelta(minutes=75),
        start + timedelta(minutes=90),
    ]
    # Another agent is free at that time.
    appointments.book_appointment(
        agent=cast.sam.user, customer=cast.customer, start=start, minutes=30
    )


def test_only_inside_the_agents_working_hours(cast: Cast) -> None:
    set_team_calendar(cast.support, make_stored_calendar())  # Berlin, Mon–Fri 9–12, 13–17
    saturday = _start(days=7)
    saturday -= timedelta(days=(saturday.weekday() - 5) % 7)
    with pytest.raises(ValidationError) as refused:
        appointments.book_appointment(
            agent=cast.alice.user, customer=cast.customer, start=saturday, minutes=30
        )
    assert "working hours" in str(refused.value)
    slots = appointments.free_slots(
        [cast.alice.user.pk], saturday, saturday + timedelta(days=2, hours=12), 30
    )
    assert slots
    assert all(slot.start.astimezone().weekday() == 0 for slot in slots)  # the Monday only


def test_reschedule_and_cancel_tell_the_customer_with_an_updated_invitation(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    booked = appointments.book_appointment(
        agent=cast.alice.user,
        customer=cast.customer,
        conversation=conversation,
        start=_start(),
        minutes=30,
    )
    moved = appointments.reschedule_appointment(booked, _start(days=4), 30, cast.alice.user)
    assert moved.sequence == 1
    cancelled = appointments.cancel_appointment(moved, cast.alice.user, "the customer is ill")
    assert cancelled.state == AppointmentState.CANCELLED
    sent = list(conversation.messages.filter(direction=Direction.OUTBOUND).order_by("id"))
    assert len(sent) == 3
    assert "moved to" in sent[1].body_text
    cancel = _invitation(sent[2])
    assert cancel["METHOD"] == "CANCEL"
    assert cancel.walk("VEVENT")[0]["SEQUENCE"] == 2
    # The freed slot can be booked again.
    appointments.book_appointment(
        agent=cast.alice.user, customer=cast.customer, start=_start(days=4), minutes=30
    )


def test_the_reminder_tells_the_agent_and_the_customer_once(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    booked = appointments.book_appointment(
        agent=cast.alice.user,
        customer=cast.customer,
        conversation=conversation,
        start=_start(),
        minutes=30,
    )
    at = booked.start - timedelta(hours=1)
    assert appointments.remind_appointment(booked.pk, at)
    assert not appointments.remind_appointment(booked.pk, at)
    assert Notification.objects.get(kind=APPOINTMENT_REMINDER).recipient == cast.alice.user
    assert "A reminder" in conversation.messages.order_by("-id")[0].body_text


def test_the_api_books_201_and_answers_409_with_the_next_free_slots(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    body = {
        "agent_id": cast.sam.user.pk,
        "customer_id": cast.customer.pk,
        "start": _start().isoformat(),
        "minutes": 30,
    }
    first = api.post("/appointments", body)
    assert first.status_code == 201, first.content
    assert first.json()["minutes"] == 30
    second = api.post("/appointments", body)
    assert second.status_code == 409
    answer = second.json()
    assert len(answer["next_free_slots"]) == 3
    assert answer["next_free_slots"][0]["agent_id"] == cast.sam.user.pk
    slots = api.get(
        "/appointments/slots",
        agent=cast.sam.user.pk,
        **{"from": _start().isoformat(), "to": (_start() + timedelta(hours=2)).isoformat()},
        minutes=30,
    ).json()["slots"]
    starts = [datetime.fromisoformat(slot["start"]) for slot in slots]
    assert _start() not in starts
    assert _start() + timedelta(minutes=30) in starts
    team = api.get("/appointments/slots", team=cast.support.pk, minutes=60).json()["slots"]
    assert {slot["agent_id"] for slot in team} == {cast.alice.user.pk, cast.sam.user.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint")
def test_postgresql_refuses_an_overlapping_row_whatever_writes_it(cast: Cast) -> None:
    start = _start()
    fields = {
        "agent": cast.alice.user,
        "customer": cast.customer,
        "end": start + timedelta(hours=1),
    }
    Appointment.objects.create(start=start, uid="a@test", **fields)
    with pytest.raises(IntegrityError, match="appointment_no_overlap"), transaction.atomic():
        Appointment.objects.create(start=start + timedelta(minutes=30), uid="b@test", **fields)
    Appointment.objects.create(
        start=start, uid="c@test", state=AppointmentState.CANCELLED, **fields
    )


def test_a_teams_free_slots_are_the_soonest_of_every_agent(cast: Cast) -> None:
    start = _start()
    appointments.book_appointment(
        agent=cast.alice.user, customer=cast.customer, start=start, minutes=60
    )
    slots = appointments.free_slots(
        [cast.alice.user.pk, cast.sam.user.pk], start, start + timedelta(days=7), 30, limit=4
    )
    assert [(slot.agent_id, slot.start) for slot in slots] == [
        (cast.sam.user.pk, start),
        (cast.sam.user.pk, start + timedelta(minutes=15)),
        (cast.sam.user.pk, start + timedelta(minutes=30)),
        (cast.sam.user.pk, start + timedelta(minutes=45)),
    ]
    later = appointments.free_slots(
        [cast.alice.user.pk, cast.sam.user.pk],
        start + timedelta(minutes=60),
        start + timedelta(days=7),
        30,
        limit=2,
    )
    assert {slot.agent_id for slot in later} == {cast.alice.user.pk, cast.sam.user.pk}
