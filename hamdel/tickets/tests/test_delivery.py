"""The one path out: reply → queued → the transport → sent, exactly once; failures kept
with their reason and retried with back-off; a channel without a transport says so."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from hamdel.audit.models import Event
from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import add_message, attempt_delivery, retry_delivery
from hamdel.tickets.actions.delivery import (
    ATTEMPT_LEASE,
    FIRST_RETRY,
    MAX_ATTEMPTS,
    due_deliveries,
)
from hamdel.tickets.models import Conversation, Delivery, Direction, Message
from hamdel.tickets.tests.smtp_sink import Sink, free_port, smtp_sink


@pytest.fixture
def sink(settings: Settings) -> Iterator[Sink]:
    with smtp_sink() as running:
        for name, value in running.settings().items():
            setattr(settings, name, value)
        yield running


def _reply(
    conversation: Conversation, cast: Cast, text: str = "Your refund is on its way."
) -> Message:
    return add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text=text,
        author_agent=cast.alice.user,
        actor=cast.alice.user,
    )


def test_a_reply_is_queued_then_sent_once_over_smtp(cast: Cast, sink: Sink) -> None:
    conversation = make_conversation(cast.customer, subject="Refund", team=cast.support)
    reply = _reply(conversation, cast)
    assert reply.delivery == Delivery.QUEUED

    assert attempt_delivery(reply.pk) == Delivery.SENT
    assert attempt_delivery(reply.pk) == "done"  # a job that runs twice sends nothing

    reply.refresh_from_db()
    assert reply.delivery == Delivery.SENT
    assert reply.delivery_attempts == 1
    assert len(sink.received) == 1
    sent = sink.received[0]
    assert sent["Message-ID"] == reply.external_id
    assert f"[#{conversation.number}]" in sent["Subject"]
    email = cast.customer.identities.get(kind="email").value
    assert sink.recipients == [[email]]
    plain = next(p for p in sent.walk() if p.get_content_type() == "text/plain")
    payload = plain.get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert "Your refund is on its way." in payload.decode()
    verbs = list(
        Event.objects.filter(subject_id=reply.pk, subject_type="message").values_list(
            "verb", flat=True
        )
    )
    assert "message.delivered" in verbs


def test_smtp_down_fails_with_the_reason_then_a_retry_sends_it_once(
    cast: Cast, settings: Settings
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    reply = _reply(conversation, cast)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    now = timezone.now()

    assert attempt_delivery(reply.pk, now) == "failed"
    reply.refresh_from_db()
    assert reply.delivery == Delivery.FAILED
    assert "could not be reached" in reply.delivery_error
    assert reply.delivery_retry_at == now + FIRST_RETRY
    assert attempt_delivery(reply.pk, now) == "not due"  # back-off: not before its time
    assert due_deliveries(now) == []
    assert due_deliveries(now + FIRST_RETRY) == [reply.pk]

    with smtp_sink() as sink:
        for name, value in sink.settings().items():
            setattr(settings, name, value)
        assert attempt_delivery(reply.pk, now + FIRST_RETRY) == Delivery.SENT
        assert attempt_delivery(reply.pk, now + FIRST_RETRY) == "done"
    assert len(sink.received) == 1
    reply.refresh_from_db()
    assert (reply.delivery, reply.delivery_attempts, reply.delivery_error) == (Delivery.SENT, 2, "")


def test_a_server_that_refuses_is_retried_with_growing_back_off_then_left_for_an_agent(
    cast: Cast, sink: Sink
) -> None:
    reply = _reply(make_conversation(cast.customer), cast)
    sink.refusing = True
    now = timezone.now()
    waits = []
    for _attempt in range(MAX_ATTEMPTS):
        assert attempt_delivery(reply.pk, now) == "failed"
        reply.refresh_from_db()
        if reply.delivery_retry_at is None:
            break
        waits.append(reply.delivery_retry_at - now)
        now = reply.delivery_retry_at
    assert waits == [FIRST_RETRY * 4**n for n in range(MAX_ATTEMPTS - 1)]
    assert reply.delivery_retry_at is None  # given up: only an agent's retry sends it now
    assert "451" in reply.delivery_error
    assert attempt_delivery(reply.pk, now + timedelta(days=1)) == "not due"

    sink.refusing = False
    retry_delivery(reply, None)
    reply.refresh_from_db()
    assert reply.delivery == Delivery.QUEUED
    assert attempt_delivery(reply.pk, now) == Delivery.SENT
    assert len(sink.received) == 1


def test_an_attempt_under_way_is_not_repeated_until_its_lease_runs_out(
    cast: Cast, sink: Sink
) -> None:
    reply = _reply(make_conversation(cast.customer), cast)
    started = timezone.now()
    # As a worker that was stopped after recording its attempt leaves it:
    Message.objects.filter(pk=reply.pk).update(
        delivery=Delivery.SENDING, delivery_attempts=1, delivery_attempt_at=started
    )
    assert attempt_delivery(reply.pk, started + timedelta(seconds=5)) == "in progress"
    assert due_deliveries(started + timedelta(seconds=5)) == []
    later = started + ATTEMPT_LEASE + timedelta(seconds=1)
    assert due_deliveries(later) == [reply.pk]
    assert attempt_delivery(reply.pk, later) == Delivery.SENT
    assert len(sink.received) == 1


def test_a_channel_without_a_transport_says_it_cannot_send(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, channel="phone")
    reply = _reply(conversation, cast, "We called you back.")
    assert attempt_delivery(reply.pk) == "no transport"
    reply.refresh_from_db()
    assert reply.delivery == Delivery.FAILED
    assert reply.delivery_error == "Not delivered: this channel cannot send yet."
    assert reply.delivery_retry_at is None
    assert reply.delivery_attempts == 0


def test_a_customer_without_an_email_address_fails_for_good(cast: Cast, sink: Sink) -> None:
    conversation = make_conversation(cast.customer)
    cast.customer.identities.all().delete()
    reply = _reply(conversation, cast)
    assert attempt_delivery(reply.pk) == "failed"
    reply.refresh_from_db()
    assert (reply.delivery, reply.delivery_retry_at) == (Delivery.FAILED, None)
    assert "no email address" in reply.delivery_error
    assert sink.received == []


def test_a_customers_message_has_no_delivery(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    message = conversation.messages.get()
    assert message.delivery == ""
    assert attempt_delivery(message.pk) == "missing"
