"""A message taken for an absent colleague: told in the app and by e-mail, a promise they
own, and the team's (with the supervisor told) when it is not done in time."""

from datetime import timedelta

from django.core import mail

from hamdel.live.models import Notification
from hamdel.phone import actions
from hamdel.phone.models import MessageStatus, TakenMessage
from hamdel.phone.tests.helpers import Pbx, now
from hamdel.promises.actions import sweep_promises
from hamdel.promises.models import Kind, State
from hamdel.test import ApiClient, Cast


def _take(cast: Cast, minutes: int = 60) -> TakenMessage:
    cast.alice.user.email = "alice@example.com"
    cast.alice.user.save(update_fields=["email"])
    cast.sam.user.email = "sam@example.com"
    cast.sam.user.save(update_fields=["email"])
    return actions.take_message(
        for_user=cast.alice.user,
        caller_name="Parisa Ahmadi",
        phone="۰۹۱۲ ۳۴۵ ۶۷۸۹",
        about="Wants to change the delivery address of order 1234",
        call_back_at=now() + timedelta(minutes=minutes),
        actor=cast.bob.user,
    )


def test_the_colleague_is_told_in_the_app_and_by_email_and_owns_the_promise(
    cast: Cast, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        message = _take(cast)
    assert message.phone == "+989123456789"
    promise = message.promise
    assert (promise.kind, promise.owner_agent, promise.team) == (
        Kind.CALLBACK,
        cast.alice.user,
        cast.support,
    )
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind) == (cast.alice.user, "phone_message")
    assert [sent.to for sent in mail.outbox] == [["alice@example.com"]]
    assert "Parisa Ahmadi" in mail.outbox[0].subject


def test_not_done_in_time_it_moves_to_the_team_and_the_supervisor_is_told(
    cast: Cast, django_capture_on_commit_callbacks: object
) -> None:
    message = _take(cast, minutes=5)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        sweep_promises(now() + timedelta(minutes=10))
    message.refresh_from_db()
    assert message.status == MessageStatus.TEAM
    assert message.promise.owner_agent is None
    assert message.promise.team == cast.support
    assert message.promise.state == State.OPEN
    told = set(
        Notification.objects.filter(kind="phone_moved").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"sam"}
    assert ["sam@example.com"] in [sent.to for sent in mail.outbox]


def test_a_completed_call_to_the_number_or_the_done_button_closes_it(cast: Cast, pbx: Pbx) -> None:
    message = _take(cast)
    pbx.outbound("o1", "09123456789", now() - timedelta(minutes=1), talked=40, user="alice")
    message.refresh_from_db()
    assert message.status == MessageStatus.DONE
    assert message.promise.state == State.KEPT


def test_the_api_takes_a_message_and_refuses_a_bad_number(cast: Cast) -> None:
    api = ApiClient(cast.bob.user)
    body = {"for_user": cast.alice.user_id, "phone": "09123456789", "about": "Invoice"}
    created = api.post("/phone/messages", body)
    assert created.status_code == 201
    assert created.json()["status"] == "open"
    assert api.post("/phone/messages", {**body, "phone": "hello"}).status_code == 422
    done = ApiClient(cast.alice.user).post(f"/phone/messages/{created.json()['id']}/done")
    assert done.json()["status"] == "done"
