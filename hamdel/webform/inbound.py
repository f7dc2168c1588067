"""A form submission becomes a conversation through tickets.actions.receive_message.

In one transaction: the message (channel "web", a new conversation, the form's team),
the submission (the contact to answer), and the acknowledgement, an automatic outbound
message that the "web" transport sends to that contact once the transaction commits.
The signed render token's id is the message's external id, so sending the same page
twice (a double click, a reload) stores it once and answers with the first result.
"""

from dataclasses import dataclass

from django.db import transaction

from hamdel.tickets.actions import (
    NewAttachment,
    Sender,
    ThreadHints,
    add_message,
    receive_message,
)
from hamdel.tickets.models import Conversation, Direction
from hamdel.webform.models import Submission, WebForm
from hamdel.webform.promise import Due, acknowledgement_text, first_response_due

CHANNEL = "web"
SUBJECT_LENGTH = 80  # characters of the message's first line that name the conversation


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
    with transaction.atomic():
        received = receive_message(
            channel=CHANNEL,
            account=account_of(form),
            external_id=f"token:{token_id}",
            sender=Sender([(entry.contact_kind, entry.contact)], entry.name, entry.language),
            body_text=entry.message,
            subject=subject_of(entry.message),
            hints=ThreadHints(new=True),
            attachments=[entry.attachment] if entry.attachment else [],
            team=form.team,
        )
        conversation = received.conversation
        submission = (
            Submission.objects.select_for_update().filter(conversation=conversation).first()
        )
        if submission is None:
            submission = Submission.objects.create(
                form=form,
                conversation=conversation,
                contact_kind=entry.contact_kind,
                contact=entry.contact,
                language=entry.language,
            )
        due = first_response_due(conversation)
        if submission.acknowledgement_id is None:
            submission.acknowledgement = add_message(
                conversation,
                direction=Direction.OUTBOUND,
                body_text=acknowledgement_text(conversation.number, due, submission.language),
                channel=CHANNEL,
                automatic=True,
            )
            submission.save(update_fields=["acknowledgement"])
    return Accepted(conversation, submission, due, received.duplicate)
