"""Who did it, on the customer's timeline and the audit trail: a customer's message is theirs."""

import re

import pytest
from django.test import Client

from hamdel.audit.record import record_event
from hamdel.test import PASSWORD, Cast, make_conversation
from hamdel.tickets.actions import add_message, change_status
from hamdel.tickets.models import Direction

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def actors_by_verb(html: str) -> list[tuple[str, str]]:
    """(verb, actor shown) for each line of the customer page's timeline."""
    rows = re.findall(r'<li data-verb="([^"]+)">.*?<span data-content>([^<]*)</span>', html)
    return [(verb, actor.strip()) for verb, actor in rows]


def test_the_timeline_names_the_customer_as_the_actor_of_their_messages(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    add_message(
        conversation, direction=Direction.OUTBOUND, body_text="On its way.",
        author_agent=cast.alice.user, actor=cast.alice.user,
    )  # fmt: skip
    change_status(conversation, "waiting", cast.alice.user)
    add_message(
        conversation, direction=Direction.INBOUND, body_text="Still nothing.",
        author_customer=cast.customer,
    )  # fmt: skip

    html = signed_in("alice").get(f"/customers/{cast.customer.pk}/").content.decode()

    actors = actors_by_verb(html)
    assert [actor for verb, actor in actors if verb == "message.inbound"] == ["Cyrus Farahani"] * 2
    assert ("message.outbound", "alice") in actors
    # The customer opened the conversation and their reply reopened it.
    assert ("conversation.opened", "Cyrus Farahani") in actors
    assert actors[0] == ("conversation.status", "Cyrus Farahani")
    assert ("conversation.status", "alice") in actors
    # Only the customer's own record, created by no one in particular, is the system's.
    assert {verb for verb, actor in actors if actor == "system"} == {
        "customer.created",
        "identity.added",
    }


def test_the_timeline_shows_the_customers_current_name(cast: Cast) -> None:
    make_conversation(cast.customer, team=cast.support)
    cast.customer.name = "Cyrus F."
    cast.customer.save(update_fields=["name"])

    html = signed_in("alice").get(f"/customers/{cast.customer.pk}/").content.decode()

    assert ("message.inbound", "Cyrus F.") in actors_by_verb(html)


def test_a_customer_message_recorded_before_events_named_their_author_is_still_theirs(
    cast: Cast,
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    record_event(
        "message.inbound", subject_type="message", subject_id=conversation.pk,
        customer_id=cast.customer.pk, conversation_id=conversation.pk, data={"channel": "email"},
    )  # fmt: skip

    html = signed_in("alice").get(f"/customers/{cast.customer.pk}/").content.decode()

    assert actors_by_verb(html)[0] == ("message.inbound", "Cyrus Farahani")


def test_the_audit_trail_names_the_customer_where_no_staff_member_acted(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)

    html = signed_in("sam").get(f"/audit/?conversation={conversation.number}").content.decode()

    rows = re.findall(r"<td data-content>([^<]*)</td><td>[^<]*<code[^>]*>([^<]+)</code>", html)
    shown = {verb: actor.strip() for actor, verb in rows}
    assert shown["message.inbound"] == "Cyrus Farahani"
    assert shown["conversation.opened"] == "Cyrus Farahani"
