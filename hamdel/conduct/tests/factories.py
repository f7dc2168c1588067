"""Plain factories of the conduct tests."""

from hamdel.people.models import Customer, IdentityKind
from hamdel.tickets.actions import Sender, ThreadHints, receive_message
from hamdel.tickets.models import Channel, Conversation, Message


def customer_writes(
    customer: Customer, text: str, *, new: bool = False, conversation: Conversation | None = None
) -> Message:
    """A message from the customer through the one door in (email), as a channel sends it."""
    identity = customer.identities.get(kind=IdentityKind.EMAIL)
    received = receive_message(
        channel=Channel.EMAIL,
        sender=Sender(identities=[(IdentityKind.EMAIL, identity.value)]),
        body_text=text,
        subject="Order",
        hints=ThreadHints(
            conversation_id=conversation.pk if conversation else None,
            new=new or conversation is None,
        ),
    )
    return received.message
