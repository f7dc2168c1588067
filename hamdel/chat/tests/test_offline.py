"""Never a dead end: nobody there, closed hours, or no answer in time: the visitor leaves
a message with one contact, and the conversation is answered there."""

import pytest
from asgiref.sync import async_to_sync
from django.core import mail

from hamdel.chat.models import ChatSession, ContactKind, Widget
from hamdel.chat.tests.helpers import start_visitor
from hamdel.people.models import Identity, IdentityKind
from hamdel.sla.models import Calendar, TeamCalendar
from hamdel.test import Cast
from hamdel.tickets.actions import add_message, attempt_delivery
from hamdel.tickets.models import Delivery, Direction, Message

pytestmark = pytest.mark.django_db(transaction=True)


def test_leaving_a_message_gives_the_conversation_the_contact_and_email_answers_it(
    cast: Cast, widget: Widget
) -> None:
    async def scenario() -> None:
        visitor, welcome = await start_visitor(widget.pk, language="ru")
        assert welcome["availability"] == "nobody"
        await visitor.send_json(
            {"type": "leave", "id": "l1", "contact": "Olga@Example.com ", "text": "Перезвоните мне"}
        )
        await visitor.next_of("stored", id="l1")
        left = await visitor.next_of("left")
        assert left["contact_kind"] == "email"
        await visitor.disconnect()

    async_to_sync(scenario)()
    session = ChatSession.objects.select_related("conversation").get()
    assert (session.contact_kind, session.contact) == (ContactKind.EMAIL, "olga@example.com")
    conversation = session.conversation
    assert conversation is not None
    kinds = set(
        Identity.objects.filter(customer=conversation.customer).values_list("kind", "value")
    )
    assert (IdentityKind.EMAIL, "olga@example.com") in kinds
    reply = add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text="Здравствуйте!",
        author_agent=cast.alice.user,
    )
    assert reply.channel == "chat"
    attempt_delivery(reply.pk)
    reply.refresh_from_db()
    assert reply.delivery == Delivery.SENT
    assert [email.to for email in mail.outbox] == [["olga@example.com"]]
    assert "Здравствуйте!" in mail.outbox[0].body


def test_a_contact_that_is_neither_email_nor_phone_is_refused_with_a_message(
    widget: Widget,
) -> None:
    async def scenario() -> None:
        visitor, _welcome = await start_visitor(widget.pk)
        await visitor.send_json({"type": "leave", "id": "l1", "contact": "not me", "text": "hi"})
        error = await visitor.next_of("error", id="l1")
        assert error["message"]
        await visitor.disconnect()

    async_to_sync(scenario)()
    assert not Message.objects.exists()


def test_outside_business_hours_the_widget_says_so(cast: Cast, widget: Widget) -> None:
    closed = Calendar.objects.create(
        name="Never open",
        definition={"name": "Never open", "timezone": "UTC", "periods": {}},
    )
    TeamCalendar.objects.create(team=cast.support, calendar=closed)

    async def scenario() -> None:
        visitor, welcome = await start_visitor(widget.pk)
        assert welcome["availability"] == "closed"
        await visitor.disconnect()

    async_to_sync(scenario)()


def test_when_nobody_answers_in_time_the_widget_is_told(cast: Cast, widget: Widget) -> None:
    widget.no_answer_seconds = 1
    widget.save(update_fields=["no_answer_seconds"])

    async def scenario() -> None:
        visitor, _welcome = await start_visitor(widget.pk)
        await visitor.send_json({"type": "message", "id": "m1", "text": "anyone?"})
        await visitor.next_of("stored", id="m1")
        await visitor.next_of("no_answer", timeout=3)
        await visitor.send_json(
            {"type": "leave", "id": "l1", "contact": "+98 912 345 6789", "text": "call me"}
        )
        left = await visitor.next_of("left")
        assert left["contact_kind"] == "phone"
        await visitor.disconnect()

    async_to_sync(scenario)()
    session = ChatSession.objects.get()
    assert (session.contact_kind, session.contact) == (ContactKind.PHONE, "+989123456789")
    assert Message.objects.filter(conversation=session.conversation).count() == 2
