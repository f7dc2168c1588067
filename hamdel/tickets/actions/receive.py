"""The one door in: every customer message from every channel enters through
`receive_message`.

In one transaction it finds or creates the customer by the sender's identities, picks
the conversation from the thread hints the channel app gives (never another customer's
conversation, never by subject), stores the message and its attachments through the
text pipeline, and writes the events; signals go out with the message as for every
other message. It is idempotent on (channel, account, external id): a provider that
sends the same message twice gets the first result back, and nothing is stored twice.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hamdel.people.actions import find_or_create_customer
from hamdel.people.models import Customer, Team
from hamdel.text.actions import PreparedText
from hamdel.tickets.actions.common import Actor
from hamdel.tickets.actions.messages import (
    NewAttachment,
    check_channel,
    open_with_prepared,
    prepare,
    store_message,
)
from hamdel.tickets.models import (
    FINISHED,
    Category,
    Conversation,
    Direction,
    Message,
    Priority,
    Status,
)

# A new customer's first two messages arriving at once both try to create them; the
# one that loses the identity's unique constraint tries again and finds the customer.
CLAIM_ATTEMPTS = 2


@dataclass(frozen=True)
class Sender:
    """Who wrote: (kind, value as the channel gives it) pairs, the one the message came
    from first (an email address, an E.164 phone, a Telegram user id, ...)."""

    identities: Sequence[tuple[str, str]]
    name: str = ""
    language: str = ""  # a hint the channel has (a bot's language_code, a form's ?lang=)


@dataclass(frozen=True)
class ThreadHints:
    """Where the channel app thinks the message belongs, tried in this order. Each is
    followed only into a conversation of the sender's own customer."""

    conversation_id: int | None = None  # a reply token, an open chat session
    # Provider ids of earlier messages this one answers, most recent first (In-Reply-To,
    # then References): the conversation of the first one we hold on this channel.
    replying_to: Sequence[str] = ()
    # Else the customer's latest unfinished conversation on this channel and account
    # (messengers and SMS, which have no threads of their own).
    continue_open: bool = False
    new: bool = False  # always open a new conversation (a web form, the REST create)


@dataclass(frozen=True)
class Received:
    conversation: Conversation
    message: Message
    opened: bool  # the message opened a new conversation
    duplicate: bool = False  # the provider sent this message before: nothing was written


def receive_message(
    *,
    channel: str,
    sender: Sender,
    body_text: str = "",
    body_html: str = "",
    subject: str = "",
    account: str = "",
    external_id: str = "",
    hints: ThreadHints = ThreadHints(),  # noqa: B008 - frozen, so one shared default is safe
    attachments: Sequence[NewAttachment] = (),
    team: Team | None = None,
    priority: str = Priority.NORMAL,
    category: str = Category.QUESTION,
    actor: Actor = None,
) -> Received:
    """Store one message from a customer; see the module docstring.

    `account` names the channel account it came in by (a mailbox, a bot) and
    `external_id` the provider's id of the message; `actor` is the staff user who
    entered it on the customer's behalf (the REST create), None for a channel.
    `team` is the team a new conversation goes to.
    """
    check_channel(channel)
    if external_id:
        earlier = _already_received(channel, account, external_id)
        if earlier is not None:
            return earlier
    # Redaction and language detection run before the transaction, not inside it.
    prepared = prepare(sender.language, Direction.INBOUND, body_text, body_html, attachments)
    for attempt in range(CLAIM_ATTEMPTS):
        try:
            return _receive(
                channel=channel,
                sender=sender,
                prepared=prepared,
                subject=subject,
                account=account,
                external_id=external_id,
                hints=hints,
                attachments=attachments,
                team=team,
                priority=priority,
                category=category,
                actor=actor,
            )
        except IntegrityError:
            # The same provider message, stored by a concurrent call since we looked.
            earlier = _already_received(channel, account, external_id) if external_id else None
            if earlier is not None:
                return earlier
            raise
        except ValidationError as error:
            # A new customer's identity claimed by a concurrent first message from them:
            # the next attempt finds that customer.
            if attempt + 1 < CLAIM_ATTEMPTS and _identity_claimed(error):
                continue
            raise
    raise AssertionError("unreachable")  # the loop returns or raises


def _identity_claimed(error: ValidationError) -> bool:
    errors = error.error_dict.values() if hasattr(error, "error_dict") else [error.error_list]
    return any(item.code == "identity_claimed" for items in errors for item in items)


def _receive(
    *,
    channel: str,
    sender: Sender,
    prepared: PreparedText,
    subject: str,
    account: str,
    external_id: str,
    hints: ThreadHints,
    attachments: Sequence[NewAttachment],
    team: Team | None,
    priority: str,
    category: str,
    actor: Actor,
) -> Received:
    with transaction.atomic():
        customer = find_or_create_customer(
            sender.name, actor, identities=sender.identities, index=False
        )
        conversation = _thread(customer, channel, account, hints)
        if conversation is None:
            conversation, message = open_with_prepared(
                customer,
                prepared,
                channel=channel,
                subject=subject,
                actor=actor,
                direction=Direction.INBOUND,
                team=team,
                priority=priority,
                category=category,
                attachments=attachments,
                external_id=external_id,
                account=account,
            )
            return Received(conversation, message, opened=True)
        message = store_message(
            conversation,
            prepared,
            direction=Direction.INBOUND,
            channel=channel,
            author_customer=customer,
            author_agent=None,
            attachments=attachments,
            external_id=external_id,
            account=account,
            actor=actor,
        )
        return Received(conversation, message, opened=False)


def _already_received(channel: str, account: str, external_id: str) -> Received | None:
    message = (
        Message.objects.select_related("conversation__customer")
        .filter(
            channel=channel,
            account=account,
            external_id=external_id,
            direction=Direction.INBOUND,
        )
        .first()
    )
    if message is None:
        return None
    return Received(message.conversation, message, opened=False, duplicate=True)


def _thread(
    customer: Customer, channel: str, account: str, hints: ThreadHints
) -> Conversation | None:
    """The conversation the hints point to among the customer's own, else None (a new
    one). A merged conversation leads to the one it was merged into; a closed one is
    not continued (the customer writes anew)."""
    if hints.new:
        return None
    own = Conversation.objects.filter(customer=customer)
    found: Conversation | None = None
    if hints.conversation_id is not None:
        found = own.filter(pk=hints.conversation_id).first()
    if found is None and hints.replying_to:
        found = _replied_conversation(customer, channel, hints.replying_to)
    if found is None and hints.continue_open:
        found = (
            own.filter(channel=channel, messages__account=account)
            .exclude(status__in=FINISHED)
            .order_by("-last_message_at", "-pk")
            .first()
        )
    while found is not None and found.merged_into_id is not None:
        found = Conversation.objects.filter(pk=found.merged_into_id, customer=customer).first()
    if found is None or found.status == Status.CLOSED:
        return None
    return found


def _replied_conversation(
    customer: Customer, channel: str, replying_to: Sequence[str]
) -> Conversation | None:
    wanted = [external_id for external_id in replying_to if external_id][:50]
    rows = (
        Message.objects.filter(
            channel=channel, external_id__in=wanted, conversation__customer=customer
        )
        .select_related("conversation")
        .order_by("-created_at")
    )
    by_id = {message.external_id: message.conversation for message in rows}
    for external_id in wanted:  # the most recent reference we hold wins
        if external_id in by_id:
            return by_id[external_id]
    return None
