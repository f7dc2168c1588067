"""The "web" transport: a reply on a web form's conversation goes to the contact the
customer gave, through the transport registered for that kind of contact.

The conversation keeps the channel "web" (reports and SLA policies can tell form
conversations apart); this transport forwards each message to "email" or "sms" as the
submission says, so when the messaging app registers "sms", replies to a phone
number start going out with no change here. Until then they fail, permanently, with
the reason every channel without a transport gives.
"""

from django.utils.translation import gettext as _

from hamdel.lib.registry import load, transport_path
from hamdel.tickets.actions import DeliveryError, Receipt
from hamdel.tickets.models import Message
from hamdel.webform.models import TRANSPORT_OF, ContactKind, Submission


def send_to_contact(message: Message) -> Receipt:
    submission = Submission.objects.filter(conversation_id=message.conversation_id).first()
    if submission is None:
        raise DeliveryError(_("This conversation has no contact from a web form."), permanent=True)
    path = transport_path(TRANSPORT_OF[ContactKind(submission.contact_kind)])
    if path is None:
        raise DeliveryError(_("Not delivered: this channel cannot send yet."), permanent=True)
    receipt: Receipt = load(path)(message)
    return receipt
