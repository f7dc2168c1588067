"""SMS through a Twilio-compatible API: signed form webhooks in, REST sending out, and
status callbacks, against the local fake."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hamdel.messaging.adapters.sms import signature
from hamdel.messaging.queries import account_of_label
from hamdel.messaging.tests.fake import Fake
from hamdel.messaging.tests.helpers import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    make_account,
    post_twilio,
    twilio_sms,
)
from hamdel.people.models import Identity, Organisation
from hamdel.test import Cast
from hamdel.tickets.actions import add_message, attempt_delivery
from hamdel.tickets.models import Conversation, Delivery, Direction, Message
from hamdel.webform.inbound import Entry, submit
from hamdel.webform.queries import default_form

pytestmark = pytest.mark.django_db
SID = "SM" + "a" * 32


def test_the_signature_is_twilios_own_example() -> None:
    # The example in Twilio's webhook security documentation.
    params = [
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", "+12349013030"),
        ("Digits", "1234"),
        ("From", "+12349013030"),
        ("To", "+18005551212"),
    ]
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert signature("12345", url, params) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="


def test_a_signed_sms_opens_a_conversation_with_the_senders_e164_number(
    cast: Cast, fake: Fake
) -> None:
    account, secret = make_account("sms", fake.url, team=cast.billing)
    assert secret is None  # Twilio signs with the account's auth token
    answer = post_twilio(Client(), account, twilio_sms(SID, "My card was charged twice"))
    assert answer.status_code == 200
    assert b"<Response>" in answer.content
    message = Message.objects.get(external_id=SID)
    assert (message.channel, message.account) == ("sms", account.label)
    assert message.conversation.team == cast.billing
    assert Identity.objects.get(kind="phone").value == "+14155552671"


def test_persian_digits_in_the_sender_are_read_as_a_phone_number(cast: Cast, fake: Fake) -> None:
    account, _secret = make_account("sms", fake.url)
    post_twilio(Client(), account, twilio_sms(SID, "سلام", sender="+۹۸۹۱۲۱۲۳۴۵۶۷"))
    assert Identity.objects.get(kind="phone").value == "+989121234567"


def test_a_sender_that_is_no_phone_number_is_refused_with_a_clear_error(
    cast: Cast, fake: Fake
) -> None:
    account, _secret = make_account("sms", fake.url)
    answer = post_twilio(Client(), account, twilio_sms(SID, "hi", sender="+1 555"))
    assert answer.status_code == 400
    assert "not a valid phone number" in answer.json()["error"]
    assert not Message.objects.exists()


@pytest.mark.parametrize("token", ["not-the-auth-token", None])
def test_a_bad_or_missing_signature_is_refused_and_nothing_is_stored(
    cast: Cast, fake: Fake, token: str | None
) -> None:
    account, _secret = make_account("sms", fake.url)
    answer = post_twilio(Client(), account, twilio_sms(SID, "hi"), token=token)
    assert answer.status_code == 403
    assert not Message.objects.exists()


def test_a_signature_over_other_parameters_is_refused(cast: Cast, fake: Fake) -> None:
    account, _secret = make_account("sms", fake.url)
    form = twilio_sms(SID, "hi")
    path = f"/messaging/hooks/sms/{account.hook}/"
    forged = signature(AUTH_TOKEN, "http://127.0.0.1:8000" + path, [*form.items()])
    form["Body"] = "changed on the way"
    answer = Client().post(path, form, headers={"X-Twilio-Signature": forged})
    assert answer.status_code == 403


def test_a_retried_webhook_is_stored_once(cast: Cast, fake: Fake) -> None:
    account, _secret = make_account("sms", fake.url)
    for _attempt in range(2):
        assert post_twilio(Client(), account, twilio_sms(SID, "hi")).status_code == 200
    assert Message.objects.count() == 1


def test_mms_media_is_fetched_with_basic_auth(cast: Cast, fake: Fake) -> None:
    account, _secret = make_account("sms", fake.url)
    fake.files["/media/ME1"] = b"\xff\xd8receipt"
    form = twilio_sms(SID, "the receipt", NumMedia="1")
    form.update(MediaUrl0=f"{fake.url}/media/ME1", MediaContentType0="image/jpeg")
    assert post_twilio(Client(), account, form).status_code == 200
    attachment = Message.objects.get().attachments.get()
    assert (attachment.content_type, attachment.file.read()) == ("image/jpeg", b"\xff\xd8receipt")
    [download] = [call for call in fake.calls if call.path == "/media/ME1"]
    assert download.headers["Authorization"].startswith("Basic ")


def _texted(fake: Fake) -> tuple[Conversation, str]:
    account, _secret = make_account("sms", fake.url)
    post_twilio(Client(), account, twilio_sms(SID, "Where is my refund?"))
    return Conversation.objects.get(), account.hook


def test_a_reply_goes_out_through_the_messages_resource(cast: Cast, fake: Fake) -> None:
    conversation, hook = _texted(fake)
    reply = add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text="Tomorrow",
        author_agent=cast.alice.user,
    )
    assert attempt_delivery(reply.pk) == "sent"
    [call] = fake.sent("Messages.json")
    assert call.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert (call.value("To"), call.value("From"), call.value("Body")) == (
        "+14155552671",
        "+15005550006",
        "Tomorrow",
    )
    assert call.value("StatusCallback").endswith(f"/messaging/hooks/sms/{hook}/status")
    reply.refresh_from_db()
    assert reply.delivery == Delivery.SENT
    assert reply.external_id.startswith("SM")


def test_status_callbacks_mark_the_reply_delivered_or_failed(cast: Cast, fake: Fake) -> None:
    conversation, _hook = _texted(fake)
    sms = account_of_label(conversation.messages.get().account)
    assert sms is not None
    replies = [
        add_message(
            conversation, direction=Direction.OUTBOUND, body_text=text, author_agent=cast.alice.user
        )
        for text in ("one", "two")
    ]
    for reply in replies:
        attempt_delivery(reply.pk)
        reply.refresh_from_db()
    delivered = {
        "MessageSid": replies[0].external_id,
        "MessageStatus": "delivered",
        "AccountSid": ACCOUNT_SID,
        "To": "+14155552671",
        "From": "+15005550006",
    }
    failed = {
        **delivered,
        "MessageSid": replies[1].external_id,
        "MessageStatus": "undelivered",
        "ErrorCode": "30003",
    }
    assert post_twilio(Client(), sms, delivered, status=True).status_code == 200
    assert post_twilio(Client(), sms, failed, status=True).status_code == 200
    assert post_twilio(Client(), sms, failed, status=True, token="forged").status_code == 403
    replies[0].refresh_from_db()
    replies[1].refresh_from_db()
    assert replies[0].delivery == Delivery.DELIVERED
    assert replies[1].delivery == Delivery.FAILED
    assert "30003" in replies[1].delivery_error
    assert replies[1].delivery_retry_at is None


def test_a_500_is_retried_and_the_sms_goes_out_once(cast: Cast, fake: Fake) -> None:
    conversation, _hook = _texted(fake)
    reply = add_message(
        conversation, direction=Direction.OUTBOUND, body_text="ok", author_agent=cast.alice.user
    )
    fake.fail_next(
        "Messages.json", 500, {"code": 20500, "message": "Internal Server Error", "status": 500}
    )
    now = timezone.now()
    assert attempt_delivery(reply.pk, now) == "failed"
    assert attempt_delivery(reply.pk, now + timedelta(seconds=31)) == "sent"
    assert attempt_delivery(reply.pk, now + timedelta(minutes=5)) == "done"
    assert len(fake.sent("Messages.json")) == 1


def test_a_refused_number_fails_for_good_with_twilios_reason(cast: Cast, fake: Fake) -> None:
    conversation, _hook = _texted(fake)
    reply = add_message(
        conversation, direction=Direction.OUTBOUND, body_text="ok", author_agent=cast.alice.user
    )
    fake.fail_next(
        "Messages.json",
        400,
        {"code": 21211, "message": "The 'To' number is not a valid phone number.", "status": 400},
    )
    assert attempt_delivery(reply.pk) == "failed"
    reply.refresh_from_db()
    assert "The 'To' number is not a valid phone number. (error 21211)" in reply.delivery_error
    assert reply.delivery_retry_at is None


def test_a_long_text_is_split_at_1600_characters(cast: Cast, fake: Fake) -> None:
    conversation, _hook = _texted(fake)
    text = "سلام " * 500
    reply = add_message(
        conversation, direction=Direction.OUTBOUND, body_text=text, author_agent=cast.alice.user
    )
    assert attempt_delivery(reply.pk) == "sent"
    bodies = [call.value("Body") for call in fake.sent("Messages.json")]
    assert len(bodies) == 2
    assert all(len(body) <= 1600 for body in bodies)


def test_an_invalid_sending_number_is_refused_when_the_account_is_made(
    cast: Cast, fake: Fake
) -> None:
    with pytest.raises(ValidationError) as refused:
        make_account("sms", fake.url, from_number="12")
    assert "from_number" in refused.value.message_dict


def test_a_web_forms_phone_contact_is_answered_by_sms_from_the_teams_account(
    cast: Cast, fake: Fake
) -> None:
    make_account("sms", fake.url, team=cast.billing)
    ours, _secret = make_account("sms", fake.url, team=cast.support, from_number="+15005550009")
    form = default_form()
    form.team = cast.support
    form.save(update_fields=["team"])
    entry = Entry("Leyla", "phone", "+989121234567", "My parcel is late", "fa")
    accepted = submit(form, entry, "token-1")
    acknowledgement = accepted.submission.acknowledgement
    assert acknowledgement is not None
    assert attempt_delivery(acknowledgement.pk) == "sent"
    [call] = fake.sent("Messages.json")
    assert (call.value("To"), call.value("From")) == ("+989121234567", "+15005550009")
    assert ours.kind == "sms"


def test_a_national_number_in_persian_digits_is_read_in_the_organisations_region(
    cast: Cast, fake: Fake
) -> None:
    organisation = Organisation.load()
    organisation.phone_region = "IR"
    organisation.save()
    account, _secret = make_account("sms", fake.url)
    post_twilio(Client(), account, twilio_sms(SID, "سلام", sender="۰۹۱۲ ۱۲۳ ۴۵۶۷"))
    assert Identity.objects.get(kind="phone").value == "+989121234567"
