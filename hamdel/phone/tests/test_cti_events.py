"""The generic CTI push: form or JSON posts of newCall, answer and hangup make one call."""

from datetime import timedelta

from hamdel.audit.models import Event
from hamdel.people.actions import add_identity
from hamdel.people.models import Customer, IdentityKind
from hamdel.phone.models import Call, Callback, CallEvent, Direction, Outcome
from hamdel.phone.tests.helpers import Pbx, now
from hamdel.test import Cast


def test_an_answered_call_records_who_answered_the_wait_and_the_talk(cast: Cast, pbx: Pbx) -> None:
    start = now() - timedelta(minutes=5)
    call = pbx.answered("c1", "+989121234567", start, waited=12, talked=95, user="alice")
    assert call.outcome == Outcome.ANSWERED
    assert (call.wait_seconds, call.talk_seconds) == (12, 95)
    assert call.answered_by == cast.alice.user
    assert call.direction == Direction.INBOUND
    assert call.phone == "+989121234567"
    assert call.customer is not None
    assert call.team == cast.support
    verbs = list(Event.objects.filter(subject_type="call").values_list("verb", flat=True))
    assert verbs == ["phone.call_answered"]


def test_a_form_post_is_answered_with_sipgates_subscription_to_answer_and_hangup(
    pbx: Pbx,
) -> None:
    response = pbx.post("newCall", "c2", **{"from": "09121234567"}, direction="in")
    assert response.status_code == 200
    assert b"onAnswer=" in response.content
    assert pbx.integration.token.encode() in response.content


def test_a_duplicate_event_changes_nothing(pbx: Pbx) -> None:
    start = now() - timedelta(minutes=5)
    pbx.missed("c3", "+989121234567", start)
    again = pbx.post("hangup", "c3", cause="cancel", at=start + timedelta(seconds=300))
    assert again.status_code == 200
    call = Call.objects.get(call_id="c3")
    assert call.wait_seconds == 30
    assert CallEvent.objects.filter(call_id="c3").count() == 2
    assert Event.objects.filter(verb="phone.call_missed").count() == 1


def test_a_hangup_before_its_newcall_still_gives_one_correct_call(pbx: Pbx) -> None:
    start = now() - timedelta(minutes=5)
    number = {"from": "+989121234567", "to": "+982188001000"}
    pbx.post("hangup", "c4", cause="normalClearing", at=start + timedelta(seconds=70), **number)
    pbx.post("answer", "c4", **{"user[]": ["alice"]}, at=start + timedelta(seconds=10))
    pbx.post("newCall", "c4", direction="in", at=start, **number)
    call = Call.objects.get()
    assert (call.outcome, call.wait_seconds, call.talk_seconds) == (Outcome.ANSWERED, 10, 60)
    assert call.started_at == start


def test_a_late_answer_corrects_a_missed_call_and_cancels_its_callback(pbx: Pbx) -> None:
    start = now() - timedelta(minutes=5)
    number = {"from": "+989121234567"}
    pbx.post("newCall", "c5", direction="in", at=start, **number)
    pbx.post("hangup", "c5", cause="normalClearing", at=start + timedelta(seconds=60))
    call = Call.objects.get()
    assert call.outcome == Outcome.ABANDONED
    assert call.callback is not None
    pbx.post("answer", "c5", **{"user[]": ["alice"]}, at=start + timedelta(seconds=8))
    call.refresh_from_db()
    assert call.outcome == Outcome.ANSWERED
    assert call.callback is None
    assert Callback.objects.get().status == "cancelled"


def test_json_posts_work_like_form_posts(pbx: Pbx) -> None:
    start = now() - timedelta(minutes=5)
    body = {"from": "+989121234567", "direction": "in", "user": ["alice"], "at": start}
    assert pbx.post_json("newCall", "j1", **body).status_code == 200
    response = pbx.post_json("hangup", "j1", cause="busy", at=start + timedelta(seconds=20))
    assert response.json()["outcome"] == Outcome.MISSED


def test_persian_digits_and_national_formats_find_the_customer_who_holds_the_number(
    cast: Cast, pbx: Pbx
) -> None:
    add_identity(cast.customer, IdentityKind.PHONE, "+989121234567", None)
    pbx.post("newCall", "p1", **{"from": "۰۹۱۲ ۱۲۳ ۴۵۶۷"}, direction="in")
    pbx.post("newCall", "p2", **{"from": "00989121234567"}, direction="in")
    pbx.post("newCall", "p3", **{"from": "989121234567"}, direction="in")
    assert set(Call.objects.values_list("customer_id", flat=True)) == {cast.customer.pk}


def test_an_unknown_number_creates_a_customer_and_a_hidden_one_none(pbx: Pbx) -> None:
    before = Customer.objects.count()
    pbx.post("newCall", "u1", **{"from": "+905321234567"}, direction="in")
    pbx.post("newCall", "u2", **{"from": "anonymous"}, direction="in")
    assert Customer.objects.count() == before + 1
    assert Call.objects.get(call_id="u2").customer is None


def test_an_unknown_token_is_404_and_stores_nothing(pbx: Pbx) -> None:
    response = pbx.client.post("/phone/hooks/not-a-token/", {"event": "newCall", "callId": "x"})
    assert response.status_code == 404
    assert not CallEvent.objects.exists()
    assert not Call.objects.exists()


def test_a_post_that_is_no_call_event_is_refused(pbx: Pbx) -> None:
    assert pbx.post("dance", "x1").status_code == 400
    assert not Call.objects.exists()


def test_voicemail_with_its_recording_is_a_voicemail_call(pbx: Pbx) -> None:
    start = now() - timedelta(minutes=5)
    pbx.post("newCall", "v1", **{"from": "+989121234567"}, direction="in", at=start)
    pbx.post("voicemail", "v1", recording="https://pbx.example/rec/v1.wav", at=start)
    pbx.post("hangup", "v1", cause="normalClearing", at=start + timedelta(seconds=40))
    call = Call.objects.get()
    assert call.outcome == Outcome.VOICEMAIL
    assert call.recording_url == "https://pbx.example/rec/v1.wav"
    assert call.callback is not None
