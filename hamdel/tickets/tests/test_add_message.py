import pytest
from django.core.exceptions import ValidationError
from pytest_django.fixtures import Settings

from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import NewAttachment, add_message, change_status
from hamdel.tickets.models import Attachment, Direction, Message, Status

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="steal()">Hello <b>there</b></p>'
    "<script>alert(document.cookie)</script>"
    '<img src=x onerror="alert(1)"><a href="javascript:alert(2)">click</a>'
    '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>'
)


def test_hostile_html_is_sanitised_before_it_is_stored(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    message = add_message(
        conversation, direction=Direction.INBOUND, body_html=HOSTILE, author_customer=cast.customer
    )
    stored = Message.objects.get(pk=message.pk)
    for dangerous in ("<script", "onclick", "onerror", "javascript:", "<iframe", "<style"):
        assert dangerous not in stored.body_html
    assert "<b>there</b>" in stored.body_html
    assert "alert(document.cookie)" not in stored.body_text
    assert stored.body_text.startswith("Hello there")


def test_a_customer_reply_reopens_a_solved_conversation(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    change_status(conversation, Status.SOLVED, cast.alice.user)
    add_message(
        conversation,
        direction=Direction.INBOUND,
        body_text="Still broken",
        author_customer=cast.customer,
    )
    conversation.refresh_from_db()
    assert conversation.status == Status.OPEN


def test_a_customer_reply_does_not_reopen_spam(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    change_status(conversation, Status.SPAM, cast.alice.user)
    add_message(
        conversation,
        direction=Direction.INBOUND,
        body_text="Buy now",
        author_customer=cast.customer,
    )
    conversation.refresh_from_db()
    assert conversation.status == Status.SPAM


def test_an_agent_reply_opens_a_new_conversation(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text="On its way",
        author_agent=cast.alice.user,
    )
    conversation.refresh_from_db()
    assert conversation.status == Status.OPEN


def test_attachments_are_stored_with_their_name_type_and_size(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    message = add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text="Your invoice",
        author_agent=cast.alice.user,
        attachments=[NewAttachment("فاکتور.pdf", "application/pdf", b"%PDF-1.4 test")],
    )
    attachment = message.attachments.get()
    assert attachment.filename == "فاکتور.pdf"
    assert attachment.size == len(b"%PDF-1.4 test")
    with attachment.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 test"


def test_an_oversized_attachment_is_refused_and_nothing_is_saved(
    cast: Cast, settings: Settings
) -> None:
    settings.MAX_ATTACHMENT_MB = 1
    conversation = make_conversation(cast.customer)
    before = Message.objects.count()
    with pytest.raises(ValidationError) as error:
        add_message(
            conversation,
            direction=Direction.OUTBOUND,
            body_text="Big file",
            attachments=[
                NewAttachment("big.bin", "application/octet-stream", b"x" * (1024 * 1024 + 1))
            ],
        )
    assert "at most 1 MB" in error.value.message_dict["attachments"][0]
    assert Message.objects.count() == before
    assert not Attachment.objects.exists()


def test_a_message_without_text_or_attachment_is_refused(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    with pytest.raises(ValidationError):
        add_message(conversation, direction=Direction.OUTBOUND, body_html="<p> </p>")


def test_a_stored_attachment_gets_a_name_the_server_made(cast: Cast) -> None:
    conversation = make_conversation(cast.customer)
    hostile = "../../etc/\u202eexe.pdf"
    message = add_message(
        conversation,
        direction=Direction.INBOUND,
        body_text="see attached",
        author_customer=cast.customer,
        attachments=[NewAttachment(hostile, "application/pdf", b"%PDF-1.4")],
    )
    stored = message.attachments.get()
    folder, name = stored.file.name.rsplit("/", 1)
    assert folder.startswith("attachments/")
    assert name.endswith(".pdf")
    assert len(name) == 32 + len(".pdf")
    assert ".." not in stored.file.name
    assert "\u202e" not in stored.file.name
