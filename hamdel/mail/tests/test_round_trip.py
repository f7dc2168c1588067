"""A reply from the agent UI reaches the SMTP sink with the threading headers, and the
customer's answer to it, appended to Dovecot, lands in the same conversation; the
acknowledgement of a new email (on per mailbox, once per address, never to a machine)."""

from email.header import decode_header, make_header
from email.utils import make_msgid

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from hamdel.mail import fetch
from hamdel.mail.inbound import reply_token
from hamdel.mail.models import Mailbox
from hamdel.mail.tests.dovecot import DovecotServer
from hamdel.mail.tests.dovecot import Mailbox as ImapUser
from hamdel.mail.tests.test_fetch import mailbox_for
from hamdel.test import make_agent, make_team
from hamdel.tickets.actions import attempt_delivery
from hamdel.tickets.models import Conversation, Direction, Message
from hamdel.tickets.tests.smtp_sink import Sink

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(sink: Sink, settings: Settings) -> Sink:
    for name, value in sink.settings().items():
        setattr(settings, name, value)
    return sink


def customer_mail(body: str, headers: str = "", to: str = "support@hd.test") -> bytes:
    return (
        (
            f"From: Олег Петров <oleg@example.ru>\r\nTo: {to}\r\nSubject: Возврат денег\r\n"
            f"Message-ID: {make_msgid(domain='example.ru')}\r\n{headers}"
            f"Content-Type: text/plain; charset=koi8-r\r\n\r\n"
        ).encode()
        + body.encode("koi8-r")
        + b"\r\n"
    )


def deliver_outbound(conversation: Conversation) -> list[Message]:
    outbound = list(conversation.messages.filter(direction=Direction.OUTBOUND).order_by("pk"))
    for message in outbound:
        attempt_delivery(message.pk)
    return outbound


def test_an_agent_reply_threads_and_the_customers_answer_comes_back(
    dovecot: DovecotServer, mailbox: ImapUser, sent: Sink
) -> None:
    team = make_team("Support")
    box = mailbox_for(mailbox)
    Mailbox.objects.filter(pk=box.pk).update(team=team)
    box.refresh_from_db()
    first_raw = customer_mail("Здравствуйте, верните деньги за заказ 1042, пожалуйста.")
    dovecot.append(mailbox, first_raw)
    fetch.fetch_new(box)
    conversation = Conversation.objects.get()
    first = conversation.messages.get()

    agent = make_agent("alice", teams=[team])
    browser = Client()
    browser.force_login(agent.user)
    response = browser.post(
        f"/conversations/{conversation.pk}/reply", {"body": "Деньги вернём завтра."}
    )
    assert response.status_code == 302
    [reply] = deliver_outbound(conversation)
    reply.refresh_from_db()
    assert reply.delivery == "sent"

    [email] = sent.received
    assert sent.recipients == [["oleg@example.ru"]]
    assert email["In-Reply-To"] == first.external_id
    assert first.external_id in email["References"]
    assert email["Message-ID"] == reply.external_id
    assert email["From"] == box.address
    assert email["Reply-To"] == box.address.replace("@", f"+{reply_token(conversation.pk)}@")
    assert f"[#{conversation.number}]" in str(make_header(decode_header(email["Subject"])))
    parts = {part.get_content_type() for part in email.walk()}
    assert {"text/plain", "text/html"} <= parts

    answer = customer_mail(
        "Спасибо!",
        headers=f"In-Reply-To: {email['Message-ID']}\r\n"
        f"References: {email['References']} {email['Message-ID']}\r\n",
    )
    dovecot.append(mailbox, answer)
    fetch.fetch_new(box)
    assert conversation.messages.filter(direction=Direction.INBOUND).count() == 2
    assert Conversation.objects.count() == 1

    # A client that drops the threading headers still comes back by the Reply-To token.
    bare = customer_mail("Ещё вопрос", to=str(email["Reply-To"]))
    dovecot.append(mailbox, bare)
    fetch.fetch_new(box)
    assert conversation.messages.filter(direction=Direction.INBOUND).count() == 3
    assert Conversation.objects.count() == 1

    # A stranger forging In-Reply-To to our reply opens a conversation of their own.
    forged = (
        f"From: mallory@evil.example\r\nTo: {box.address}\r\nSubject: Re: x\r\n"
        f"Message-ID: <forged@evil.example>\r\nIn-Reply-To: {email['Message-ID']}\r\n\r\nhi\r\n"
    ).encode()
    dovecot.append(mailbox, forged)
    fetch.fetch_new(box)
    assert Conversation.objects.count() == 2
    assert conversation.messages.filter(direction=Direction.INBOUND).count() == 3


def test_a_new_email_is_acknowledged_once_per_address_and_never_to_machines(
    dovecot: DovecotServer, mailbox: ImapUser, sent: Sink
) -> None:
    box = mailbox_for(mailbox)
    Mailbox.objects.filter(pk=box.pk).update(acknowledge=True, language="ru")
    dovecot.append(mailbox, customer_mail("Где мой заказ? Уже неделю жду."))
    dovecot.append(mailbox, customer_mail("И ещё одно: другой заказ тоже не пришёл."))
    auto = (
        b"From: bot@example.org\r\nTo: support@hd.test\r\nSubject: Out of office\r\n"
        b"Auto-Submitted: auto-replied\r\nMessage-ID: <ooo@example.org>\r\n\r\nI am away.\r\n"
    )
    dovecot.append(mailbox, auto)
    bounce = (
        b"From: MAILER-DAEMON@example.org\r\nTo: support@hd.test\r\nSubject: Undelivered\r\n"
        b"Message-ID: <bounce@example.org>\r\n\r\nDelivery failed.\r\n"
    )
    dovecot.append(mailbox, bounce)
    box.refresh_from_db()
    fetch.fetch_new(box)
    assert Conversation.objects.count() == 4
    acks = Message.objects.filter(direction=Direction.OUTBOUND)
    assert acks.count() == 1  # the second mail of the same address within the window: none
    [ack] = acks
    assert ack.conversation.customer.identities.get().value == "oleg@example.ru"
    assert "Спасибо" in ack.body_text
    assert f"#{ack.conversation.number}" in ack.body_text
    deliver_outbound(ack.conversation)
    assert sent.recipients == [["oleg@example.ru"]]


def test_acknowledgements_are_off_by_default(
    dovecot: DovecotServer, mailbox: ImapUser, sent: Sink
) -> None:
    box = mailbox_for(mailbox)
    dovecot.append(mailbox, customer_mail("Где мой заказ?"))
    fetch.fetch_new(box)
    assert not Message.objects.filter(direction=Direction.OUTBOUND).exists()
