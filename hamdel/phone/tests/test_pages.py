"""The agents' pages: the desk, the callbacks queue with its outcome form, taking a
message, the wallboard in Persian (RTL), the call panels on the customer and
conversation pages."""

from datetime import timedelta

from django.test import Client

from hamdel.phone.models import Call, Callback
from hamdel.phone.tests.helpers import Pbx, now
from hamdel.test import PASSWORD, Cast, make_conversation


def _client(username: str) -> Client:
    client = Client()
    client.login(username=username, password=PASSWORD)
    return client


def test_the_callbacks_queue_records_an_outcome(cast: Cast, pbx: Pbx) -> None:
    pbx.missed("m1", "+989121234567", now() - timedelta(minutes=1))
    alice = _client("alice")
    page = alice.get("/phone/callbacks/").content.decode()
    callback = Callback.objects.get()
    assert f'id="callback-{callback.pk}"' in page
    answer = alice.post(f"/phone/callbacks/{callback.pk}/outcome", {"outcome": "reached"})
    assert answer.status_code == 302
    callback.refresh_from_db()
    assert callback.status == "reached"


def test_taking_a_message_in_the_form(cast: Cast) -> None:
    bob = _client("bob")
    form = {
        "for_user": cast.alice.user_id,
        "caller_name": "Ali",
        "phone": "09121234567",
        "about": "Invoice",
    }
    assert bob.post("/phone/messages/new", form).status_code == 302
    refused = bob.post("/phone/messages/new", {**form, "phone": "nope"})
    assert refused.status_code == 200
    assert "is not a phone number" in refused.content.decode()


def test_the_wallboard_in_persian_is_right_to_left_with_persian_digits(
    cast: Cast, pbx: Pbx
) -> None:
    pbx.answered("a1", "+989121234567", now() - timedelta(minutes=5), 12, 30, "alice")
    cast.sam.ui_language = "fa"
    cast.sam.save(update_fields=["ui_language"])
    page = _client("sam").get("/phone/wallboard/").content.decode()
    assert 'dir="rtl"' in page
    assert "۱۰۰" in page  # 100 % answered within target, in Persian digits


def test_calls_show_on_the_customer_and_conversation_pages_and_attach(cast: Cast, pbx: Pbx) -> None:
    call = pbx.answered("a1", "+989121234567", now() - timedelta(minutes=5), 12, 30, "alice")
    assert call.customer is not None
    conversation = make_conversation(call.customer, team=cast.support)
    alice = _client("alice")
    assert f'id="call-{call.pk}"' in alice.get(f"/customers/{call.customer_id}/").content.decode()
    page = alice.get(f"/conversations/{conversation.pk}/").content.decode()
    assert f'id="attach-call-{call.pk}"' in page
    alice.post(f"/phone/calls/{call.pk}/attach", {"conversation": conversation.number})
    assert Call.objects.get().conversation == conversation
    opened = alice.post(f"/phone/calls/{pbx.missed('m9', '+989121234568', now()).pk}/open")
    assert opened.status_code == 302
    assert "/conversations/" in opened["Location"]
