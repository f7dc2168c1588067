"""The "chat" transport: an agent's reply goes to the visitor's socket, or by email/SMS.

- The visitor is connected (an open socket row): the reply is pushed to their socket
  group through the channel layer, and is `delivered` once the layer took it.
- Gone, and they left a contact: forwarded to the transport of that contact ("email" or
  "sms"), which is how a chat left for a message, or followed up later, is answered.
- Gone without a contact: `sent`. It is stored, and shown when the visitor comes back
  with their token (the socket's welcome carries the chat's history).
"""

from django.utils.translation import gettext as _

from hamdel.chat import push, queries
from hamdel.chat.models import ContactKind
from hamdel.lib.registry import load, transport_path
from hamdel.tickets.actions import DeliveryError, Receipt
from hamdel.tickets.models import Message

TRANSPORT_OF = {ContactKind.EMAIL: "email", ContactKind.PHONE: "sms"}


def send(message: Message) -> Receipt:
    session = queries.session_of_conversation(message.conversation_id)
    if session is None:
        raise DeliveryError(_("This conversation has no chat visitor."), permanent=True)
    if queries.visitor_is_here(session.visitor):
        event = queries.as_event(message)
        push.send(push.visitor_group(session.visitor), {"type": "chat.reply", "message": event})
        return Receipt(provider_id=f"chat:{message.pk}", delivered=True)
    if session.contact:
        path = transport_path(TRANSPORT_OF[ContactKind(session.contact_kind)])
        if path is None:
            raise DeliveryError(_("Not delivered: this channel cannot send yet."), permanent=True)
        receipt: Receipt = load(path)(message)
        return receipt
    return Receipt(provider_id=f"chat:{message.pk}", delivered=False)
