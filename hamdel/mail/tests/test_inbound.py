"""Mail in through receive_message: threading, exactly once, flagged mail, the raw kept."""

from email.utils import make_msgid

import pytest

from hamdel.mail.inbound import Status, ingest, reply_token
from hamdel.mail.models import Mailbox, MailMessage
from hamdel.mail.parse import parse_mail
from hamdel.people.models import Identity
from hamdel.tickets.models import Conversation, Direction, Message

pytestmark = pytest.mark.django_db


def mail(
    sender: str = "Leyla Demir <leyla@example.org>",
    subject: str = "Siparişim nerede?",
    body: str = "Merhaba, siparişim hâlâ gelmedi.",
    message_id: str | None = None,
    headers: str = "",
    to: str = "support@hd.test",
) -> bytes:
    message_id = message_id or make_msgid(domain="example.org")
    return (
        f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\n"
        f"Date: Tue, 01 Dec 2026 10:00:00 +0000\r\n{headers}"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
    ).encode()


def make_mailbox(address: str = "support@hd.test", **fields: object) -> Mailbox:
    values: dict[str, object] = {
        "name": address,
        "address": address,
        "imap_host": "127.0.0.1",
        "username": address,
    }
    values.update(fields)
    return Mailbox.objects.create(**values)


def test_a_new_mail_opens_a_conversation_for_its_sender() -> None:
    result = ingest(mail())
    assert result.status == Status.STORED
    conversation = Conversation.objects.get(pk=result.conversation_id)
    assert conversation.channel == "email"
    assert conversation.subject == "Siparişim nerede?"
    assert Identity.objects.get(value="leyla@example.org").customer_id == conversation.customer_id
    assert conversation.customer.name == "Leyla Demir"
    assert conversation.messages.get().language == "tr"


def test_a_reply_threads_by_in_reply_to() -> None:
    first = ingest(mail(message_id="<first@example.org>"))
    reply = ingest(
        mail(
            subject="Re: Siparişim nerede?",
            body="Bir şey daha",
            headers="In-Reply-To: <first@example.org>\r\nReferences: <first@example.org>\r\n",
        )
    )
    assert reply.conversation_id == first.conversation_id
    assert not reply.opened


def test_a_reply_threads_by_an_older_reference_when_in_reply_to_is_unknown() -> None:
    first = ingest(mail(message_id="<old@example.org>"))
    reply = ingest(
        mail(headers="In-Reply-To: <unknown@x>\r\nReferences: <old@example.org> <unknown@x>\r\n")
    )
    assert reply.conversation_id == first.conversation_id


def test_the_same_subject_alone_never_threads() -> None:
    first = ingest(mail(subject="Help"))
    second = ingest(mail(subject="Help"))
    assert second.conversation_id != first.conversation_id


def test_a_forged_in_reply_to_from_a_stranger_opens_a_new_conversation() -> None:
    first = ingest(mail(message_id="<leyla-1@example.org>"))
    forged = ingest(
        mail(
            sender="Mallory <mallory@evil.example>",
            headers="In-Reply-To: <leyla-1@example.org>\r\n",
        )
    )
    assert forged.conversation_id != first.conversation_id
    conversation = Conversation.objects.get(pk=forged.conversation_id)
    assert conversation.customer.identities.get().value == "mallory@evil.example"


def test_a_reply_token_threads_only_for_the_conversations_customer() -> None:
    first = ingest(mail())
    token = reply_token(first.conversation_id)
    make_mailbox()
    own = ingest(mail(body="No headers, but my token", to=f"support+{token}@hd.test"))
    stranger = ingest(mail(sender="eve@evil.example", to=f"support+{token}@hd.test"))
    assert own.conversation_id == first.conversation_id
    assert stranger.conversation_id != first.conversation_id


def test_a_forged_reply_token_is_ignored() -> None:
    first = ingest(mail())
    make_mailbox()
    other = ingest(mail(to=f"support+r{first.conversation_id}-000000000000@hd.test"))
    assert other.conversation_id != first.conversation_id


def test_a_conversation_number_in_the_subject_threads_only_for_its_customer() -> None:
    first = ingest(mail())
    number = Conversation.objects.get(pk=first.conversation_id).number
    own = ingest(mail(subject=f"Re: Sipariş [#{number}]"))
    stranger = ingest(mail(sender="eve@evil.example", subject=f"Re: [#{number}]"))
    other_helpdesk = ingest(mail(subject=f"Re: (#{number})"))
    assert own.conversation_id == first.conversation_id
    assert stranger.conversation_id != first.conversation_id
    assert other_helpdesk.conversation_id != first.conversation_id


def test_a_mail_ingested_twice_is_stored_once() -> None:
    raw = mail()
    first = ingest(raw)
    again = ingest(raw)
    assert again.status == Status.DUPLICATE
    assert (again.conversation_id, again.message_id) == (first.conversation_id, first.message_id)
    assert Message.objects.count() == 1


def test_the_same_mail_in_two_of_our_mailboxes_is_one_message() -> None:
    raw = mail(to="support@hd.test, sales@hd.test")
    first = ingest(raw, mailbox=make_mailbox(), uidvalidity=1, uid=7)
    second = ingest(raw, mailbox=make_mailbox("sales@hd.test"), uidvalidity=1, uid=3)
    assert first.status == Status.STORED
    assert second.status == Status.DUPLICATE
    assert second.message_id == first.message_id
    assert Message.objects.count() == 1


def test_a_uid_fetched_twice_is_stored_once() -> None:
    box = make_mailbox()
    first = ingest(mail(), mailbox=box, uidvalidity=5, uid=1)
    again = ingest(mail(), mailbox=box, uidvalidity=5, uid=1)  # even if its bytes differ
    assert again.status == Status.DUPLICATE
    assert again.message_id == first.message_id


def test_a_copied_message_id_from_another_sender_does_not_suppress_a_mail() -> None:
    ingest(mail(message_id="<same@example.org>"))
    other = ingest(mail(sender="ali@example.com", message_id="<same@example.org>"))
    assert other.status == Status.STORED
    assert Message.objects.count() == 2


def test_an_unparsable_mail_is_stored_flagged_with_a_conversation() -> None:
    box = make_mailbox()
    result = ingest(b"\x00\xff\xfe garbage that is no mail \x00", mailbox=box, uid=1)
    assert result.status == Status.FLAGGED
    record = MailMessage.objects.get(message_id=result.message_id)
    assert record.flagged
    assert record.message.conversation_id == result.conversation_id
    assert record.raw.read()
    box.refresh_from_db()
    assert box.flagged_count == 1


def test_the_raw_mail_is_kept_redacted_like_the_text() -> None:
    body = "Kartım 4111 1111 1111 1111, iade lütfen"
    result = ingest(mail(body=body))
    message = Message.objects.get(pk=result.message_id)
    raw = MailMessage.objects.get(message=message).raw.read()
    assert b"4111 1111 1111 1111" not in raw
    kept = parse_mail(raw)
    assert "1111" in kept.text  # the last four stay, as in the text
    assert "4111" not in kept.text
    assert kept.subject == "Siparişim nerede?"
    assert "4111 1111 1111 1111" not in message.body_text


def test_a_base64_body_is_redacted_in_the_raw_mail_too() -> None:
    import base64

    body = base64.b64encode(b"Card 4111111111111111 please").decode()
    raw = (
        "From: a@example.org\r\nTo: support@hd.test\r\nSubject: x\r\nMessage-ID: <b64@x>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\n{body}\r\n"
    ).encode()
    result = ingest(raw)
    stored = MailMessage.objects.get(message_id=result.message_id).raw.read()
    assert body.encode() not in stored
    assert b"4111111111111111" not in stored


def test_auto_replies_are_stored_and_marked_automated() -> None:
    result = ingest(mail(headers="Auto-Submitted: auto-replied\r\n", subject="Out of office"))
    assert MailMessage.objects.get(message_id=result.message_id).automated
    assert Message.objects.get(pk=result.message_id).direction == Direction.INBOUND


def test_an_over_limit_attachment_is_recorded_as_dropped(settings: object) -> None:
    settings.MAX_ATTACHMENT_MB = 1  # type: ignore[attr-defined]
    import base64

    big = base64.encodebytes(b"x" * (1024 * 1024 + 10)).decode()
    raw = (
        "From: a@example.org\r\nTo: s@hd.test\r\nSubject: big\r\nMessage-ID: <big@x>\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nsee the file\r\n"
        '--b\r\nContent-Type: application/pdf; name="big.pdf"\r\n'
        "Content-Transfer-Encoding: base64\r\n"
        f'Content-Disposition: attachment; filename="big.pdf"\r\n\r\n{big}--b--\r\n'
    ).encode()
    result = ingest(raw)
    assert result.status == Status.FLAGGED
    record = MailMessage.objects.get(message_id=result.message_id)
    assert record.dropped[0]["filename"] == "big.pdf"
    assert not record.message.attachments.exists()


def test_the_agent_sees_the_new_text_with_the_original_behind_a_toggle_and_no_remote_images() -> (
    None
):
    from django.test import Client

    from hamdel.people.models import Role
    from hamdel.test import make_agent

    html = (
        '<p>Yes, please send it.</p><img src="https://tracker.example/pixel.gif">'
        '<div class="gmail_quote">On Mon, Support wrote:<blockquote>Shall we?</blockquote></div>'
    )
    raw = (
        "From: Leyla <leyla@example.org>\r\nTo: support@hd.test\r\nSubject: Re: x\r\n"
        "Message-ID: <html@example.org>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/alternative; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Yes, please send it.\r\n\r\nOn Mon, 30 Nov 2026 at 10:00, Support <s@hd.test> wrote:\r\n"
        "> Shall we?\r\n"
        f"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n--b--\r\n"
    ).encode()
    result = ingest(raw)
    browser = Client()
    browser.force_login(make_agent("root", role=Role.ADMIN).user)
    page = browser.get(f"/conversations/{result.conversation_id}/").content.decode()
    assert "Show quoted text and signature" in page
    assert "tracker.example" not in page  # only inside the framed HTML page
    assert 'referrerpolicy="no-referrer"' in page
    assert 'sandbox=""' in page
    framed = browser.get(f"/mail/messages/{result.message_id}/html")
    assert framed["Referrer-Policy"] == "no-referrer"
    assert "img-src data:;" in framed["Content-Security-Policy"]
    assert "sandbox" in framed["Content-Security-Policy"]
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    shown = browser.get(f"/mail/messages/{result.message_id}/html?images=1")
    assert "img-src data: https: http:" in shown["Content-Security-Policy"]


def test_a_flagged_mail_shows_a_notice_to_the_agent() -> None:
    from django.test import Client

    from hamdel.people.models import Role
    from hamdel.test import make_agent

    result = ingest(b"\x00\xff garbage \x00")
    browser = Client()
    browser.force_login(make_agent("root", role=Role.ADMIN).user)
    page = browser.get(f"/conversations/{result.conversation_id}/").content.decode()
    assert "could not be read as email" in page


def test_an_email_attachment_downloads_with_nosniff() -> None:
    from hamdel.people.models import Role
    from hamdel.test import ApiClient, make_agent

    raw = (
        "From: a@example.org\r\nTo: s@hd.test\r\nSubject: file\r\nMessage-ID: <att@x>\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nsee the file\r\n"
        '--b\r\nContent-Type: text/html; name="x.html"\r\n'
        'Content-Disposition: attachment; filename="../../evil\u202egpj.html"\r\n\r\n'
        "<script>alert(1)</script>\r\n--b--\r\n"
    ).encode()
    result = ingest(raw)
    attachment = Message.objects.get(pk=result.message_id).attachments.get()
    assert "/" not in attachment.filename
    assert "\u202e" not in attachment.filename
    api = ApiClient(make_agent("root", role=Role.ADMIN).user)
    response = api.get(f"/attachments/{attachment.pk}")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
