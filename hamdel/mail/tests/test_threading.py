"""Thread hints: referenced ids in order, our reply tokens, our conversation numbers."""

from hamdel.mail.parse import MailAddress, ParsedMail, parse_mail
from hamdel.mail.threading import conversation_numbers, thread_hints


def mail(**fields: object) -> ParsedMail:
    return ParsedMail(message_id="<own@example.org>", **fields)  # type: ignore[arg-type]


def test_in_reply_to_comes_first_then_references_newest_first() -> None:
    hints = thread_hints(
        mail(in_reply_to="<c@x>", references=["<a@x>", "<b@x>", "<c@x>", "<own@example.org>"])
    )
    assert hints.message_ids == ["<c@x>", "<b@x>", "<a@x>"]


def test_references_alone_are_used_when_in_reply_to_is_missing() -> None:
    assert thread_hints(mail(references=["<a@x>", "<b@x>"])).message_ids == ["<b@x>", "<a@x>"]


def test_a_new_mail_has_no_hints() -> None:
    hints = thread_hints(mail(subject="Where is my order?"))
    assert hints.is_empty


def test_reply_token_from_a_plus_address_in_to_cc_or_delivered_to() -> None:
    hints = thread_hints(
        mail(
            to=[MailAddress("support+k7Qp2xZ9@example.com")],
            cc=[MailAddress("someone@else.org")],
            delivered_to=["support+k7Qp2xZ9@example.com", "sales+Ab12Cd34@example.com"],
        )
    )
    assert hints.reply_tokens == ["k7Qp2xZ9", "Ab12Cd34"]


def test_only_our_mailboxes_plus_addresses_count_when_we_name_them() -> None:
    parsed = mail(
        to=[MailAddress("support+k7Qp2xZ9@example.com"), MailAddress("bob+news1@gmail.com")]
    )
    assert thread_hints(parsed, our_addresses=["Support@Example.com"]).reply_tokens == ["k7Qp2xZ9"]


def test_conversation_number_in_brackets_only() -> None:
    assert conversation_numbers("Re: [#1042] Refund for order 77") == [1042]
    assert conversation_numbers("Re: [#1042] [#1042] and [#7]") == [1042, 7]
    assert conversation_numbers("Re: (#5290765) other helpdesk, #12, [1042]") == []


def test_hints_from_a_whole_reply_message() -> None:
    raw = (
        b"From: Ayse <ayse@example.com.tr>\n"
        b"To: Destek <destek+Zq81Lm0p@example.com>\n"
        b"Subject: Ynt: [#2201] =?utf-8?Q?=C5=9Eikayet?=\n"
        b"Message-ID: <r1@example.com.tr>\n"
        b"In-Reply-To: <out-2201-3@example.com>\n"
        b"References: <in-2201-1@example.com.tr> <out-2201-3@example.com>\n"
        b"\nTesekkurler\n"
    )
    hints = thread_hints(parse_mail(raw), our_addresses=["destek@example.com"])
    assert hints.message_ids == ["<out-2201-3@example.com>", "<in-2201-1@example.com.tr>"]
    assert hints.reply_tokens == ["Zq81Lm0p"]
    assert hints.conversation_numbers == [2201]
