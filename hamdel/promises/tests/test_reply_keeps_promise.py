import pytest
from django.contrib.auth.models import User

from hamdel.promises.models import Kind, Promise, State
from hamdel.promises.tests.factories import make_promise
from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import add_message
from hamdel.tickets.models import Conversation, Direction, Message

pytestmark = pytest.mark.django_db


def _reply(conversation: Conversation, agent: User, text: str = "Here is the answer") -> Message:
    return add_message(
        conversation, direction=Direction.OUTBOUND, body_text=text, author_agent=agent, actor=agent
    )


def test_a_reply_keeps_an_open_reply_promise(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    promise = make_promise(conversation, cast.alice.user, kind=Kind.REPLY)
    callback = make_promise(conversation, cast.alice.user, kind=Kind.CALLBACK)
    _reply(conversation, cast.alice.user)
    promise.refresh_from_db()
    callback.refresh_from_db()
    assert promise.state == State.KEPT
    assert callback.state == State.OPEN  # a reply is not a call


def test_the_reply_that_tells_a_promise_does_not_keep_it_the_next_one_does(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    promise = make_promise(conversation, cast.alice.user, kind=Kind.REPLY, told_in_reply=True)
    telling = _reply(conversation, cast.alice.user, "I will reply to you by Sunday 14:00.")
    promise.refresh_from_db()
    assert (promise.state, promise.told_message_id) == (State.OPEN, telling.pk)
    _reply(conversation, cast.alice.user)
    promise.refresh_from_db()
    assert promise.state == State.KEPT


def test_a_customer_message_keeps_nothing(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    make_promise(conversation, cast.alice.user, kind=Kind.REPLY)
    add_message(
        conversation,
        direction=Direction.INBOUND,
        body_text="Any news?",
        author_customer=cast.customer,
    )
    assert Promise.objects.get().state == State.OPEN
