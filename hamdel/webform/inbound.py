"""A form submission becomes a conversation through tickets.actions.receive_message.

The message (channel "web", a new conversation, the form's team), the submission (the
contact to answer), and the acknowledgement: an automatic outbound message that the
"web" transport sends to that contact once its transaction commits.
The signed render token's id is the message's external id, so sending the same page
twice (a double click, a reload) stores it once and answers with the first result.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hamdel.tickets.actions import (
    NewAttachment,
    Received,
    Sender,
    ThreadHints,
    add_message,
    receive_message,
)
from hamdel.tickets.models import Conversation, Direction, Message
from hamdel.webform.models import Submission, WebForm
from hamdel.webform.promise import Due, acknowledgement_text, first_response_due

CHANNEL = "web"
SUBJECT_LENGTH = 80  # characters of the message's first line that name the conversation
# A first post of a page still unacknowledged this long after its message was stored has
# stopped half way (a request never takes this long); a later post of it acknowledges.
FIRST_POST_FINISHED = timedelta(minutes=1)


@dataclass(frozen=True)
class Accepted:
    conversation: Conversation
    submission: Submission
    due: Due | None
    duplicate: bool


@dataclass(frozen=True)
class Entry:
    """What the customer sent, validated (forms.ContactForm)."""

    name: str
    contact_kind: str
    contact: str
    message: str
    language: str
    attachment: NewAttachment | None = None


def account_of(form: WebForm) -> str:
    return f"webform:{form.pk}"


def subject_of(message: str) -> str:
    first_line = next((line.strip() for line in message.splitlines() if line.strip()), "")
    if len(first_line) <= SUBJECT_LENGTH:
        return first_line
    return first_line[: SUBJECT_LENGTH - 1].rstrip() + "…"


def submit(form: WebForm, entry: Entry, token_id: str) -> Accepted:
    """Store a submission once, however often the same page is sent.

    Three short transactions, each preparing its text (language detection, redaction)
    before it opens, as tickets.actions does, so no lock is held while text is analysed:
    the message (receive_message), the submission, the acknowledgement (add_message).
    Exactly one of concurrent posts of the same token gets `duplicate=False` from
    receive_message; it writes the rest. A later post of a page whose first post stopped
    half way writes what is missing.
    """
    external_id = f"token:{token_id}"
    try:
        received = _receive(form, entry, external_id)
    except ValidationError:
        # A twin post of a new customer's page took the contact first ("already belongs to
        # another customer"): it has committed by now, so this post is its duplicate.
        if not _stored(form, external_id):
            raise
        received = _receive(form, entry, external_id)
    conversation = received.conversation
    submission = Submission.objects.filter(conversation=conversation).first()
    if submission is None:
        submission = _record(form, conversation, entry)
    due = first_response_due(conversation)
    if submission.acknowledgement_id is None and (
        not received.duplicate or _orphan(submission, received.message.created_at)
    ):
        _acknowledge(submission, due)
    return Accepted(conversation, submission, due, received.duplicate)


def _receive(form: WebForm, entry: Entry, external_id: str) -> Received:
    return receive_message(
        channel=CHANNEL,
        account=account_of(form),
        external_id=external_id,
        sender=Sender([(entry.contact_kind, entry.contact)], entry.name, entry.language),
        body_text=entry.message,
        subject=subject_of(entry.message),
        hints=ThreadHints(new=True),
        attachments=[entry.attachment] if entry.attachment else [],
        team=form.team,
    )


def _stored(form: WebForm, external_id: str) -> bool:
    return Message.objects.filter(
        channel=CHANNEL,
        account=account_of(form),
        external_id=external_id,
        direction=Direction.INBOUND,
    ).exists()


def _record(form: WebForm, conversation: Conversation, entry: Entry) -> Submission:
    try:
        with transaction.atomic():
            return Submission.objects.create(
                form=form,
                conversation=conversation,
                contact_kind=entry.contact_kind,
                contact=entry.contact,
                language=entry.language,
            )
    except IntegrityError:  # a concurrent duplicate recorded it first
        return Submission.objects.get(conversation=conversation)


def _orphan(submission: Submission, received_at: datetime) -> bool:
    """Its first post stopped before acknowledging: long enough ago that it is not still
    under way (a double click's twin), and no outbound message was written."""
    if received_at > timezone.now() - FIRST_POST_FINISHED:
        return False
    return not Message.objects.filter(
        conversation_id=submission.conversation_id, direction=Direction.OUTBOUND
    ).exists()


def _acknowledge(submission: Submission, due: Due | None) -> None:
    conversation = submission.conversation
    text = acknowledgement_text(conversation.number, due, submission.language)
    ack = add_message(
        conversation, direction=Direction.OUTBOUND, body_text=text, channel=CHANNEL, automatic=True
    )
    Submission.objects.filter(pk=submission.pk).update(acknowledgement=ack)
    submission.acknowledgement = ack
