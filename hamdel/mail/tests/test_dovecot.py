"""The test servers themselves: Dovecot (APPEND, FETCH, IDLE) and the SMTP sink."""

import smtplib
from pathlib import Path

from hamdel.mail.parse import parse_mail
from hamdel.mail.tests.dovecot import DovecotServer, Mailbox
from hamdel.tickets.tests.smtp_sink import Sink

CORPUS = (Path(__file__).resolve().parents[3] / "../shared/corpus/mail").resolve()


def test_an_appended_corpus_message_comes_back_byte_for_byte(
    dovecot: DovecotServer, mailbox: Mailbox
) -> None:
    raw = (CORPUS / "lkml_koi8r_reply.eml").read_bytes().replace(b"\r\n", b"\n")
    uid = dovecot.append(mailbox, raw.replace(b"\n", b"\r\n"))
    client = dovecot.client(mailbox)
    try:
        assert b"IDLE" in client.capabilities()
        status = client.select_folder("INBOX", readonly=True)
        assert status[b"EXISTS"] == 1
        assert status[b"UIDVALIDITY"] > 0
        fetched = client.fetch([uid], ["RFC822", "FLAGS"])[uid]
    finally:
        client.logout()
    assert fetched[b"RFC822"].replace(b"\r\n", b"\n") == raw
    assert b"\\Seen" not in fetched[b"FLAGS"]
    assert parse_mail(fetched[b"RFC822"]).message_id == "<20021004135016.GJ6318@stingr.net>"


def test_each_test_gets_an_empty_mailbox_of_its_own(
    dovecot: DovecotServer, mailbox: Mailbox
) -> None:
    other = dovecot.new_mailbox()
    dovecot.append(other, b"From: a@example.org\r\nSubject: x\r\n\r\nbody\r\n")
    client = dovecot.client(mailbox)
    try:
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
    finally:
        client.logout()


def test_idle_reports_a_message_appended_meanwhile(
    dovecot: DovecotServer, mailbox: Mailbox
) -> None:
    client = dovecot.client(mailbox)
    try:
        client.select_folder("INBOX")
        client.idle()
        dovecot.append(mailbox, b"From: a@example.org\r\nSubject: new\r\n\r\nhello\r\n")
        responses = client.idle_check(timeout=5)
        client.idle_done()
    finally:
        client.logout()
    assert (1, b"EXISTS") in responses


def test_the_smtp_sink_receives_what_is_sent(sink: Sink) -> None:
    with smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as smtp:
        smtp.sendmail("support@hd.test", ["customer@example.org"], b"Subject: hi\r\n\r\nbody\r\n")
    assert sink.received[0]["Subject"] == "hi"
    assert sink.recipients == [["customer@example.org"]]
