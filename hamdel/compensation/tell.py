"""Telling the customer, in their language, what was decided and when it was paid.

One text template per message and language (`templates/compensation/customer/
<what>.<language>.txt`); the message goes out on the conversation's channel through
tickets' transport registry, queued when the action's transaction commits.
"""

from django.template.loader import select_template
from django.utils import translation

from hamdel.compensation import money
from hamdel.compensation.models import Compensation, Kind
from hamdel.people.models import Organisation
from hamdel.promises.models import Promise
from hamdel.promises.wording import sentence_of
from hamdel.tickets import actions as ticket_actions
from hamdel.tickets.models import Direction, Message

LANGUAGES = ("fa", "tr", "ru", "en")


def language_of(compensation: Compensation) -> str:
    conversation = compensation.conversation
    language = (
        conversation.language
        or compensation.customer.language
        or Organisation.load().default_language
    )
    return language if language in LANGUAGES else "en"


def customer_text(
    compensation: Compensation,
    what: str,
    *,
    promise: Promise | None = None,
    gateway_reference: str = "",
) -> str:
    language = language_of(compensation)
    with translation.override(language):
        label = str(Kind(compensation.kind).label)
    if language != "fa":
        label = label[:1].lower() + label[1:]
    template = select_template(
        [f"compensation/customer/{what}.{language}.txt", f"compensation/customer/{what}.en.txt"]
    )
    text: str = template.render(
        {
            "name": compensation.customer.name,
            "what": label,
            "amount": money.display(compensation.amount, compensation.currency, language),
            "reference": compensation.reference,
            "gateway_reference": gateway_reference,
            "promise": sentence_of(promise) if promise is not None else "",
        }
    )
    return text.strip()


def tell_customer(
    compensation: Compensation,
    what: str,
    *,
    promise: Promise | None = None,
    gateway_reference: str = "",
) -> Message:
    """Call inside the action's transaction."""
    text = customer_text(compensation, what, promise=promise, gateway_reference=gateway_reference)
    return ticket_actions.add_message(
        compensation.conversation,
        direction=Direction.OUTBOUND,
        body_text=text,
        automatic=True,
    )
