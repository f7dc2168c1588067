"""Messages in and out: sanitising, the text pipeline, storage, index entries, events.

`add_message` and `open_conversation_with_message` write a message whatever the channel;
`receive_message` (receive.py) is the one door for a customer's message from a channel.
"""

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.lib.registry import channels
from hamdel.people.models import Customer, Organisation, Team
from hamdel.text.actions import PreparedText, prepare_message, write_entries
from hamdel.text.models import SearchEntry
from hamdel.tickets import events, signals
from hamdel.tickets.actions.common import Actor, announce_change
from hamdel.tickets.actions.delivery import queue_delivery
from hamdel.tickets.actions.numbering import next_conversation_number
from hamdel.tickets.indexing import (
    conversation_entry,
    customer_entry,
    index_conversation,
    message_entry,
)
from hamdel.tickets.models import (
    Attachment,
    Category,
    Conversation,
    Delivery,
    Direction,
    Message,
    Priority,
    Status,
)


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    content_type: str
    content: bytes

    @classmethod
    def from_upload(cls, upload: UploadedFile) -> "NewAttachment":
        limit = settings.MAX_ATTACHMENT_MB * 1024 * 1024
        if (upload.size or 0) > limit:
            # Refuse before reading an oversized file into memory.
            _check_attachments([cls(upload.name or "", "", b"")], sizes=[upload.size or 0])
        return cls(upload.name or "attachment", upload.content_type or "", upload.read())


def sanitise_html(raw: str) -> str:
    return nh3.clean(raw, link_rel="noopener noreferrer nofollow") if raw else ""


def html_to_text(clean_html: str) -> str:
    with_breaks = re.sub(r"(?i)<br\s*/?>|</(p|div|li|h\d|tr)>", "\n", clean_html)
    return html.unescape(nh3.clean(with_breaks, tags=set())).strip()


def _check_attachments(
    attachments: Sequence[NewAttachment], sizes: Sequence[int] | None = None
) -> None:
    limit = settings.MAX_ATTACHMENT_MB * 1024 * 1024
    for attachment, size in zip(
        attachments, sizes or [len(a.content) for a in attachments], strict=True
    ):
        if size > limit:
            raise ValidationError(
                {
                    "attachments": _(
                        "“%(name)s” is %(size).1f MB; attachments may be at most %(limit)d MB."
                    )
                    % {
                        "name": attachment.filename,
                        "size": size / 1024 / 1024,
                        "limit": settings.MAX_ATTACHMENT_MB,
                    }
                },
                code="attachment_too_large",
            )


def open_conversation(
    *,
    customer: Customer,
    channel: str,
    subject: str = "",
    body_text: str = "",
    body_html: str = "",
    actor: Actor = None,
    direction: str = Direction.INBOUND,
    team: Team | None = None,
    priority: str = Priority.NORMAL,
    category: str = Category.QUESTION,
    attachments: Sequence[NewAttachment] = (),
    external_id: str = "",
) -> Conversation:
    """A new conversation with its first message."""
    return open_conversation_with_message(
        customer=customer,
        channel=channel,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        actor=actor,
        direction=direction,
        team=team,
        priority=priority,
        category=category,
        attachments=attachments,
        external_id=external_id,
    )[0]


def open_conversation_with_message(
    *,
    customer: Customer,
    channel: str,
    subject: str = "",
    body_text: str = "",
    body_html: str = "",
    actor: Actor = None,
    direction: str = Direction.INBOUND,
    team: Team | None = None,
    priority: str = Priority.NORMAL,
    category: str = Category.QUESTION,
    attachments: Sequence[NewAttachment] = (),
    external_id: str = "",
) -> tuple[Conversation, Message]:
    """open_conversation, also returning the first message (with its attachments as
    `message.stored_attachments`), for callers that answer with both."""
    check_channel(channel)
    if not (body_text.strip() or body_html.strip()):
        raise ValidationError({"message.body": _("The first message cannot be empty.")})
    # Language detection and redaction run before the transaction, not inside it.
    prepared = prepare(customer.language, direction, body_text, body_html, attachments)
    with transaction.atomic():
        return open_with_prepared(
            customer,
            prepared,
            channel=channel,
            subject=subject,
            actor=actor,
            direction=direction,
            team=team,
            priority=priority,
            category=category,
            attachments=attachments,
            external_id=external_id,
        )


def check_channel(channel: str) -> None:
    if channel not in channels():
        raise ValidationError(
            {"channel": _("Unknown channel “%(channel)s”.") % {"channel": channel}}
        )


def open_with_prepared(
    customer: Customer,
    prepared: PreparedText,
    *,
    channel: str,
    subject: str,
    actor: Actor,
    direction: str,
    team: Team | None,
    priority: str,
    category: str,
    attachments: Sequence[NewAttachment],
    external_id: str,
    account: str = "",
) -> tuple[Conversation, Message]:
    """Write a new conversation and its prepared first message; call in a transaction."""
    conversation = Conversation(
        number=next_conversation_number(),
        subject=subject.strip()[:300],
        customer=customer,
        channel=channel,
        team=team,
        priority=priority,
        category=category,
        language=customer.language,
    )
    # The customer and team are rows we hold; re-reading them to validate is waste.
    conversation.full_clean(exclude=["number", "customer", "team"])
    conversation.save()
    entries: list[SearchEntry] = []
    message = store_message(
        conversation,
        prepared,
        direction=direction,
        channel=None,
        author_customer=customer if direction == Direction.INBOUND else None,
        author_agent=actor if direction == Direction.OUTBOUND else None,
        attachments=attachments,
        external_id=external_id,
        account=account,
        actor=actor,
        opened=True,
        entries=entries,
    )
    # The message, the conversation and its customer (now with this number) are
    # indexed in one statement, from the rows in hand.
    entries.append(conversation_entry(conversation))
    if customer.merged_into_id is None:
        identities = [(i.kind, i.value, i.display) for i in customer.identities.all()]
        entries.append(
            customer_entry(
                customer.pk,
                customer.name,
                customer.language,
                customer.created_at,
                identities=identities,
            )
        )
        write_entries(entries)
    else:  # a customer merged away leaves the index, as index_customer does
        write_entries(entries)
        index_conversation(conversation.pk)
    return conversation, message


def add_message(
    conversation: Conversation,
    *,
    direction: str,
    body_text: str = "",
    body_html: str = "",
    channel: str | None = None,
    author_customer: Customer | None = None,
    author_agent: Actor = None,
    attachments: Sequence[NewAttachment] = (),
    external_id: str = "",
    account: str = "",
    actor: Actor = None,
    automatic: bool = False,
) -> Message:
    """Record a message in or out; a customer writing again reopens the conversation.

    `automatic`: an outbound notice the system sends (a web form's acknowledgement), not
    an agent's reply: it leaves the status alone and `message_added` says so, so the SLA
    does not count it as a response.
    """
    prepared = prepare(conversation.language, direction, body_text, body_html, attachments)
    with transaction.atomic():
        return store_message(
            conversation,
            prepared,
            direction=direction,
            channel=channel,
            author_customer=author_customer,
            author_agent=author_agent,
            attachments=attachments,
            external_id=external_id,
            account=account,
            actor=actor,
            automatic=automatic,
        )


def prepare(
    language: str,
    direction: str,
    body_text: str,
    body_html: str,
    attachments: Sequence[NewAttachment],
) -> PreparedText:
    """Validate a message and run it through the text app (language, redaction)."""
    if direction not in Direction.values:
        raise ValidationError({"direction": _("Unknown direction.")})
    clean_html = sanitise_html(body_html)
    text = body_text if body_text.strip() else html_to_text(clean_html)
    if not text.strip() and not attachments:
        raise ValidationError({"body": _("A message needs text or an attachment.")})
    _check_attachments(attachments)
    organisation = Organisation.load()
    hint = language or organisation.default_language
    return prepare_message(text, clean_html, hint, organisation.redaction_enabled)


def store_message(
    conversation: Conversation,
    prepared: PreparedText,
    *,
    direction: str,
    channel: str | None,
    author_customer: Customer | None,
    author_agent: Actor,
    attachments: Sequence[NewAttachment],
    external_id: str,
    actor: Actor,
    account: str = "",
    opened: bool = False,
    entries: list[SearchEntry] | None = None,
    automatic: bool = False,
) -> Message:
    """Write a prepared message, its attachments, index entry and events; call in a transaction.

    `opened`: the message opens its conversation (its `conversation.opened` event is
    written with the message's). `entries`: collect the message's index entry there for
    the caller to write, instead of writing it now.
    """
    message = Message.objects.create(
        conversation=conversation,
        direction=direction,
        channel=channel or conversation.channel,
        author_customer=author_customer,
        author_agent=author_agent,
        body_text=prepared.text,
        body_html=prepared.html,
        language=prepared.language or "",
        redactions=prepared.redactions,
        account=account,
        external_id=external_id,
        delivery=Delivery.QUEUED if direction == Direction.OUTBOUND else "",
    )
    stored_attachments: list[Attachment] = []
    for attachment in attachments:
        stored = Attachment(
            message=message,
            filename=attachment.filename[:255] or "attachment",
            content_type=attachment.content_type or "application/octet-stream",
            size=len(attachment.content),
        )
        stored.file.save(attachment.filename, ContentFile(attachment.content), save=False)
        stored.save()
        stored_attachments.append(stored)
    message.stored_attachments = stored_attachments  # type: ignore[attr-defined]
    if entries is None:
        write_entries([message_entry(message)])
    else:
        entries.append(message_entry(message))
    changes: dict[str, tuple[Any, Any]] = {}
    customer_writes_again = direction == Direction.INBOUND and conversation.status in {
        Status.WAITING,
        Status.SOLVED,
    }
    first_reply = (
        direction == Direction.OUTBOUND and not automatic and conversation.status == Status.NEW
    )
    if customer_writes_again or first_reply:
        changes["status"] = (conversation.status, Status.OPEN)
    if not conversation.language and prepared.language:
        changes["language"] = ("", prepared.language)
    for field, (_old, new) in changes.items():
        setattr(conversation, field, new)
    conversation.last_message_at = message.created_at
    conversation.save(update_fields=[*changes, "last_message_at", "updated_at"])
    events.message_added(message, actor, status=changes.get("status"), opened=opened)
    signals.message_added.send(sender=Message, message=message, actor=actor, automatic=automatic)
    if direction == Direction.OUTBOUND:
        queue_delivery(message)
    if changes:
        announce_change(conversation, changes, actor)
    return message
