"""A provider's webhook request becomes calls of tickets.actions.receive_message (and
delivery reports), the same way for every adapter.

Nothing is stored unless the request is the provider's (adapter.verify); a message the
provider sends again (a retry) is recognised by its id before any file is fetched, and
receive_message is idempotent on it anyway. A file too large to keep, or one the provider
would not give, is never dropped silently: the message says so and a DroppedFile row
keeps the detail.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.messaging import events, http, queries
from hamdel.messaging.adapters.base import Adapter, Incoming, ProviderError, Read, StatusReport
from hamdel.messaging.models import Account, DroppedFile, SentPart
from hamdel.tickets.actions import (
    NewAttachment,
    Received,
    Sender,
    ThreadHints,
    receive_message,
    record_delivery_report,
)
from hamdel.tickets.models import Direction, Message

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Dropped:
    filename: str
    size: int | None
    reason: str


@dataclass
class Taken:
    received: list[Received] = field(default_factory=list)
    reports: int = 0


def take(account: Account, adapter: Adapter, read: Read) -> Taken:
    """Store what a verified request carried; see the module docstring."""
    taken = Taken()
    for incoming in read.messages:
        receiver = queries.receiving_account(account, incoming.to_number)
        if receiver is None:
            logger.warning("messaging account %s: a message for an unknown number", account.pk)
            continue
        taken.received.append(receive(receiver, adapter, incoming))
    for status in read.statuses:
        taken.reports += int(report(account, status))
    return taken


def receive(account: Account, adapter: Adapter, incoming: Incoming) -> Received:
    earlier = Message.objects.filter(
        channel=account.channel,
        account=account.label,
        external_id=incoming.external_id,
        direction=Direction.INBOUND,
    ).exists()
    attachments: list[NewAttachment] = []
    dropped: list[Dropped] = []
    if not earlier:  # a retry's files were fetched the first time
        attachments, dropped = _fetch(account, adapter, incoming)
    text = incoming.text
    if dropped:
        notes = [
            _("[Not kept: %(name)s: %(reason)s]") % {"name": d.filename, "reason": d.reason}
            for d in dropped
        ]
        text = "\n".join([text, *notes]).strip()
    try:
        received = _receive(account, incoming, text, attachments)
    except ValidationError:
        # A new customer's two messages (or a message and its retry) at the same moment:
        # the other one created the customer first ("already belongs to another
        # customer"). It has committed by now, so once more finds them (or the message).
        received = _receive(account, incoming, text, attachments)
    if dropped and not received.duplicate:
        with transaction.atomic():
            DroppedFile.objects.bulk_create(
                DroppedFile(
                    message=received.message,
                    filename=d.filename[:255],
                    size=d.size,
                    reason=d.reason[:500],
                )
                for d in dropped
            )
            events.media_dropped(received.message, [d.filename for d in dropped])
    return received


def _receive(
    account: Account, incoming: Incoming, text: str, attachments: list[NewAttachment]
) -> Received:
    kind, value = queries.identity_of(account, incoming.sender)
    hints = ThreadHints(
        conversation_id=queries.conversation_to_continue(account, incoming.sender, queries.now()),
        continue_open=True,
    )
    return receive_message(
        channel=account.channel,
        account=account.label,
        external_id=incoming.external_id,
        sender=Sender(
            [(kind, value), *incoming.also], name=incoming.name, language=incoming.language
        ),
        body_text=text or _("(an empty message)"),
        hints=hints,
        attachments=attachments,
        team=account.team,
    )


def _fetch(
    account: Account, adapter: Adapter, incoming: Incoming
) -> tuple[list[NewAttachment], list[Dropped]]:
    limit = settings.MAX_ATTACHMENT_MB * 1024 * 1024
    too_large = _("larger than the %(limit)d MB limit") % {"limit": settings.MAX_ATTACHMENT_MB}
    kept: list[NewAttachment] = []
    dropped: list[Dropped] = []
    for media in incoming.media:
        if media.size is not None and media.size > limit:
            dropped.append(Dropped(media.filename, media.size, too_large))
            continue
        try:
            content = adapter.download(account, media, limit)
        except http.TooLarge:
            dropped.append(Dropped(media.filename, media.size, too_large))
        except ProviderError as error:
            dropped.append(Dropped(media.filename, media.size, error.reason))
        except OSError as error:
            logger.warning(
                "messaging account %s: a file could not be fetched: %s",
                account.pk,
                type(error).__name__,
            )
            dropped.append(
                Dropped(media.filename, media.size, _("the provider could not be reached"))
            )
        else:
            kept.append(NewAttachment(media.filename, media.content_type, content))
    return kept, dropped


def report(account: Account, status: StatusReport) -> bool:
    """A provider's delivery report on a message it accepted from us."""
    if not status.provider_id:
        return False
    part = (
        SentPart.objects.filter(account=account, provider_id=status.provider_id)
        .select_related("message")
        .first()
    )
    if part is None:
        return False
    return record_delivery_report(part.message, delivered=status.delivered, reason=status.reason)
