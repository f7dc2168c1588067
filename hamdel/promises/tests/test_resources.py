"""Bookable resources: appointments between a resource (a room, a van) and a customer."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from hamdel.audit.models import Event
from hamdel.promises import appointments
from hamdel.promises.models import Appointment, Resource
from hamdel.test import ApiClient, Cast, make_conversation
from hamdel.tickets.models import Direction, Message

pytestmark = pytest.mark.django_db


def _start(days: int = 3, hour: int = 10) -> datetime:
    moment = timezone.now() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _room(cast: Cast, name: str = "Room 1") -> Resource:
    return Resource.objects.create(name=name, team=cast.support)


def test_administrators_manage_resources_and_every_agent_lists_them(cast: Cast) -> None:
    admin = ApiClient(cast.ada.user)
    made = admin.post("/resources", {"name": "Van 2", "team_id": cast.support.pk})
    assert made.status_code == 201, made.content
    assert made.json() == {
        "id": made.json()["id"],
        "name": "Van 2",
        "team_id": cast.support.pk,
        "is_active": True,
    }
    again = admin.post("/resources", {"name": "Van 2", "team_id": cast.support.pk})
    assert again.status_code == 422
    assert again.json()["field"] == "name"
    refused = ApiClient(cast.sam.user).post("/resources", {"name": "X", "team_id": cast.support.pk})
    assert refused.status_code == 403
    changed = admin.patch(f"/resources/{made.json()['id']}", {"is_active": False})
    assert changed.json()["is_active"] is False
    assert changed.json()["name"] == "Van 2"
    listed = ApiClient(cast.bob.user).get("/resources").json()
    assert [row["name"] for row in listed] == ["Van 2"]


def test_a_resource_is_booked_through_the_api_and_never_twice(cast: Cast) -> None:
    room = _room(cast)
    api = ApiClient(cast.alice.user)
    start = _start()
    body = {
        "resource_id": room.pk,
        "customer_id": cast.customer.pk,
        "start": start.isoformat(),
        "minutes": 30,
    }
    booked = api.post("/appointments", body)
    assert booked.status_code == 201, booked.content
    assert booked.json()["resource_id"] == room.pk
    assert booked.json()["agent_id"] is None
    taken = api.post(
        "/appointments", {**body, "start": (start + timedelta(minutes=15)).isoformat()}
    )
    assert taken.status_code == 409
    offered = taken.json()["next_free_slots"]
    assert len(offered) == 3
    assert {slot["resource_id"] for slot in offered} == {room.pk}
    assert {slot["agent_id"] for slot in offered} == {None}
    # The resource's booking does not take the agent's time, nor the other way round.
    agent_body = {**body, "resource_id": None, "agent_id": cast.alice.user.pk}
    assert api.post("/appointments", agent_body).status_code == 201
    assert Appointment.objects.count() == 2


def test_an_appointment_is_with_an_agent_or_a_resource_never_both_or_neither(cast: Cast) -> None:
    room = _room(cast)
    api = ApiClient(cast.alice.user)
    body = {"customer_id": cast.customer.pk, "start": _start().isoformat(), "minutes": 30}
    both = api.post(
        "/appointments", {**body, "agent_id": cast.alice.user.pk, "resource_id": room.pk}
    )
    assert both.status_code == 422
    assert api.post("/appointments", body).status_code == 422
    with pytest.raises(ValidationError):
        appointments.book_appointment(customer=cast.customer, start=_start(), minutes=30)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            customer=cast.customer, start=_start(), end=_start() + timedelta(hours=1), uid="x@t"
        )
    assert not Appointment.objects.exists()


def test_an_inactive_resource_is_not_booked(cast: Cast) -> None:
    room = Resource.objects.create(name="Old room", team=cast.support, is_active=False)
    with pytest.raises(ValidationError) as refused:
        appointments.book_appointment(
            resource=room, customer=cast.customer, start=_start(), minutes=30
        )
    assert "resource_id" in refused.value.message_dict
    response = ApiClient(cast.alice.user).get("/appointments/slots", resource=room.pk)
    assert response.status_code == 404


def test_slots_of_a_resource_skip_its_bookings(cast: Cast) -> None:
    room = _room(cast)
    start = _start()
    appointments.book_appointment(resource=room, customer=cast.customer, start=start, minutes=60)
    slots = ApiClient(cast.alice.user).get(
        "/appointments/slots",
        resource=room.pk,
        minutes=30,
        **{"from": start.isoformat(), "to": (start + timedelta(hours=3)).isoformat()},
    )
    assert slots.status_code == 200, slots.content
    starts = [datetime.fromisoformat(slot["start"]) for slot in slots.json()["slots"]]
    assert start not in starts
    assert start + timedelta(minutes=30) not in starts
    assert starts[0] == start + timedelta(minutes=60)
    assert {slot["resource_id"] for slot in slots.json()["slots"]} == {room.pk}


def test_the_customer_is_told_the_resource_and_rescheduling_keeps_the_guarantee(
    cast: Cast,
) -> None:
    room = _room(cast, "Fitting room")
    conversation = make_conversation(cast.customer, team=cast.support)
    first = appointments.book_appointment(
        resource=room, customer=cast.customer, conversation=conversation, start=_start(), minutes=30
    )
    message = Message.objects.get(conversation=conversation, direction=Direction.OUTBOUND)
    assert "Your appointment with Fitting room is booked for" in message.body_text
    booked_event = Event.objects.get(verb="appointment.booked", subject_id=first.pk)
    assert booked_event.new is not None
    assert (booked_event.new["resource"], booked_event.new["agent"]) == (room.pk, None)
    second = appointments.book_appointment(
        resource=room,
        customer=cast.customer,
        start=_start() + timedelta(hours=1),
        minutes=30,
    )
    with pytest.raises(appointments.SlotTaken):
        appointments.reschedule_appointment(second, first.start, 30, cast.alice.user)
    moved = appointments.reschedule_appointment(
        second, _start() + timedelta(hours=2), 30, cast.alice.user
    )
    assert moved.sequence == 1
    assert moved.resource_id == room.pk


def test_the_booking_form_offers_the_teams_resources(cast: Cast) -> None:
    room = _room(cast, "Room 7")
    conversation = make_conversation(cast.customer, team=cast.support)
    browser = Client()
    browser.force_login(cast.alice.user)
    fragment = browser.get(f"/promises/conversations/{conversation.pk}/slots?minutes=30")
    html = fragment.content.decode()
    assert f'name="resource" value="{room.pk}"' in html
    assert "Room 7" in html
    start = appointments.free_resource_slots(
        [room.pk], timezone.now(), timezone.now() + timedelta(days=14), 30, 1
    )[0].start
    answer = browser.post(
        f"/promises/conversations/{conversation.pk}/book",
        {"resource": room.pk, "start": start.isoformat(), "minutes": "30"},
    )
    assert answer.status_code == 302
    booked = Appointment.objects.get()
    assert (booked.resource_id, booked.agent_id, booked.start) == (room.pk, None, start)
    page = browser.get(f"/conversations/{conversation.pk}/").content.decode()
    assert "Room 7" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint")
def test_postgresql_refuses_an_overlapping_row_of_a_resource_whatever_writes_it(
    cast: Cast,
) -> None:
    room = _room(cast)
    start = _start()
    fields = {"resource": room, "customer": cast.customer, "end": start + timedelta(hours=1)}
    Appointment.objects.create(start=start, uid="a@test", **fields)
    refused = pytest.raises(IntegrityError, match="appointment_no_overlap_resource")
    with refused, transaction.atomic():
        Appointment.objects.create(start=start + timedelta(minutes=30), uid="b@test", **fields)
    # An agent at the same time is another calendar.
    Appointment.objects.create(
        agent=cast.alice.user,
        customer=cast.customer,
        start=start,
        end=start + timedelta(hours=1),
        uid="c@test",
    )
