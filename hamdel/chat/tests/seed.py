"""Runs inside `hamdel shell` for the browser test: prints what it needs as one JSON line."""

import json

from hamdel.chat.tests.helpers import make_widget
from hamdel.people.actions import set_presence
from hamdel.people.models import Presence
from hamdel.test import make_agent, make_team


def seed(origin: str) -> None:
    support = make_team("Support")
    alice = make_agent("alice", teams=[support])
    set_presence(alice, Presence.AVAILABLE)
    widget = make_widget(support, allowed_origins=[origin], no_answer_seconds=600, agent_capacity=5)
    print(json.dumps({"widget": widget.pk, "alice": alice.user.get_username()}))


def contact_of_latest_chat() -> None:
    """The identities of the customer of the newest chat conversation, and its status."""
    from hamdel.people.models import Identity
    from hamdel.tickets.models import Conversation

    conversation = Conversation.objects.filter(channel="chat").order_by("-pk").first()
    assert conversation is not None
    kinds = sorted(
        Identity.objects.filter(customer=conversation.customer).values_list("kind", "value")
    )
    print(json.dumps({"identities": kinds, "status": conversation.status}))
