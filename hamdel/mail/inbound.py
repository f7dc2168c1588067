"""Raw mail in: one .eml (from IMAP or a file) becomes one call of
`tickets.actions.receive_message`, exactly once.

`ingest(raw, mailbox=..., uidvalidity=..., uid=...)` parses (never raises on bad mail),
works out the thread hints (docs/email.md, "Threading"), and in ONE transaction stores
the message through the one door and the `MailMessage` beside it: the raw .eml
(redacted like the text), the flags, the dropped parts. The MailMessage's unique
constraints (mailbox + UIDVALIDITY + UID; Message-ID + sender) make a second fetch, a
worker killed after the commit, or the same mail in two of our mailboxes roll back to a
"duplicate" that names the message stored first.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass
from email import message_from_bytes
from email.policy import compat32

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F

from hamdel.mail.models import Mailbox, MailMessage
from hamdel.mail.parse import ParsedMail, parse_mail
from hamdel.mail.quotes import split_mail
from hamdel.mail.threading import thread_hints
from hamdel.people.identities import normalise_email
from hamdel.people.models import Customer, Identity, IdentityKind, Organisation
from hamdel.text.redact import redact
from hamdel.tickets.actions import NewAttachment, Received, Sender, ThreadHints, receive_message
from hamdel.tickets.models import Conversation, Direction, Message

CHANNEL = "email"
# Who a mail without a usable From address is stored as: it still gets a conversation.
UNKNOWN_SENDER = "unknown-sender@hamdel.invalid"
MAX_EXTERNAL_ID = 300  # tickets.Message.external_id
MAX_SUBJECT = 300  # tickets.Conversation.subject
TOKEN = re.compile(r"^r(\d{1,12})-([0-9a-f]{12})$")


class Status:
    STORED = "stored"
    DUPLICATE = "duplicate"
    FLAGGED = "flagged"


@dataclass(frozen=True)
class Ingested:
    conversation_id: int
    message_id: int
    status: str
    opened: bool = False
    mail: ParsedMail | None = None


def external_id_of(message_id: str) -> str:
    """A Message-ID as tickets.Message.external_id holds it (ids longer than the column
    are hashed, the same way on the way in and when threading)."""
    if len(message_id) <= MAX_EXTERNAL_ID:
        return message_id
    return "<" + hashlib.sha256(message_id.encode()).hexdigest() + "@hamdel.invalid>"


def reply_token(conversation_id: int) -> str:
    """The token of a conversation's Reply-To plus-address: unguessable, checkable
    without a look-up."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"mail-reply:{conversation_id}".encode(), hashlib.sha256
    ).hexdigest()[:12]
    return f"r{conversation_id}-{digest}"


def conversation_of_token(token: str) -> int | None:
    match = TOKEN.match(token)
    if match is None:
        return None
    conversation_id = int(match.group(1))
    return conversation_id if hmac.compare_digest(reply_token(conversation_id), token) else None


def _sender_address(mail: ParsedMail) -> str:
    try:
        return normalise_email(mail.from_address) if mail.from_address else UNKNOWN_SENDER
    except ValidationError:
        return UNKNOWN_SENDER


def _message_key(message_id: str, address: str) -> str:
    return hashlib.sha256(f"{message_id}\n{address}".encode()).hexdigest()


def _customer_of(address: str) -> Customer | None:
    identity = (
        Identity.objects.filter(kind=IdentityKind.EMAIL, value=address)
        .select_related("customer")
        .first()
    )
    if identity is None:
        return None
    customer = identity.customer
    while customer.merged_into_id is not None:
        customer = Customer.objects.get(pk=customer.merged_into_id)
    return customer


def hints_for(mail: ParsedMail, address: str, our_addresses: list[str]) -> ThreadHints:
    """Message-IDs first; then the reply token, then `[#N]`, each only into a conversation
    of the sender's own customer (receive_message checks that again)."""
    found = thread_hints(mail, our_addresses or None)
    replying_to = [external_id_of(message_id) for message_id in found.message_ids]
    customer = _customer_of(address)
    if customer is None:
        return ThreadHints(replying_to=replying_to)  # a stranger: a new conversation
    own = Conversation.objects.filter(customer=customer)
    if (
        replying_to
        and Message.objects.filter(
            channel=CHANNEL, external_id__in=replying_to[:50], conversation__in=own
        ).exists()
    ):
        return ThreadHints(replying_to=replying_to)
    for token in found.reply_tokens:
        conversation_id = conversation_of_token(token)
        if conversation_id is not None and own.filter(pk=conversation_id).exists():
            return ThreadHints(conversation_id=conversation_id, replying_to=replying_to)
    for number in found.conversation_numbers:
        conversation_id = own.filter(number=number).values_list("pk", flat=True).first()
        if conversation_id is not None:
            return ThreadHints(conversation_id=conversation_id, replying_to=replying_to)
    return ThreadHints(replying_to=replying_to)


def redact_raw(raw: bytes) -> bytes:
    """The raw mail with card numbers and IBANs masked in its headers and text parts, the
    text parts decoded and written back (as UTF-8, base64) so encoded bodies are masked
    too. Mail Python cannot re-serialise is masked as it lies on the wire."""
    if not Organisation.load().redaction_enabled:
        return raw
    try:
        message = message_from_bytes(raw, policy=compat32)
        changed = False
        for part in message.walk():
            if part.get_content_maintype() != "text" or part.is_multipart():
                continue
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                continue
            text = payload.decode(part.get_content_charset() or "utf-8", errors="replace")
            result = redact(text)
            if result.count:
                del part["Content-Transfer-Encoding"]
                part.set_payload(result.text, charset="utf-8")
                changed = True
        if changed:
            raw = message.as_bytes()
    except Exception:  # noqa: BLE001, S110 - broken MIME: fall back to the wire text below
        pass
    wire = raw.decode("latin-1")
    result = redact(wire)
    return result.text.encode("utf-8", errors="replace") if result.count else raw


def _flagged(mail: ParsedMail) -> bool:
    return mail.unparsable or mail.malformed or bool(mail.dropped)


def _duplicate(row: MailMessage, mail: ParsedMail | None = None) -> Ingested:
    return Ingested(
        row.message.conversation_id, row.message_id, Status.DUPLICATE, opened=False, mail=mail
    )


def ingest(
    raw: bytes,
    *,
    mailbox: Mailbox | None = None,
    uidvalidity: int | None = None,
    uid: int | None = None,
    our_addresses: list[str] | None = None,
) -> Ingested:
    """Store one raw mail exactly once; see the module docstring. Never raises for what
    the mail contains; a database error propagates (the caller retries the UID later)."""
    if mailbox is not None and uid is not None:
        earlier = (
            MailMessage.objects.select_related("message")
            .filter(mailbox=mailbox, uidvalidity=uidvalidity, uid=uid)
            .first()
        )
        if earlier is not None:
            return _duplicate(earlier)
    mail = parse_mail(raw, max_part_bytes=settings.MAX_ATTACHMENT_MB * 1024 * 1024)
    address = _sender_address(mail)
    key = _message_key(mail.message_id, address)
    earlier = MailMessage.objects.select_related("message").filter(message_key=key).first()
    if earlier is not None:
        return _duplicate(earlier, mail)
    if our_addresses is None:
        our_addresses = list(Mailbox.objects.values_list("address", flat=True))
    hints = hints_for(mail, address, our_addresses)
    visible, _html = split_mail(mail)
    redacted = redact_raw(raw)
    try:
        with transaction.atomic():
            received = _receive(mail, address, hints, mailbox, key)
            if received.duplicate:
                return Ingested(
                    received.conversation.pk, received.message.pk, Status.DUPLICATE, mail=mail
                )
            record = MailMessage(
                message=received.message,
                mailbox=mailbox,
                uidvalidity=uidvalidity if uid is not None else None,
                uid=uid,
                message_key=key,
                header_id=mail.message_id[:998],
                malformed=mail.malformed,
                unparsable=mail.unparsable,
                automated=mail.is_automated,
                problems=mail.problems[:50],
                dropped=[
                    {"filename": d.filename, "content_type": d.content_type, "size": d.size}
                    | {"reason": d.reason}
                    for d in mail.dropped
                ],
                visible_text=redact(visible.visible).text if visible.quoted else "",
            )
            record.raw.save(f"{received.message.pk}.eml", ContentFile(redacted), save=False)
            record.save()
            flagged = _flagged(mail)
            if flagged and mailbox is not None:
                Mailbox.objects.filter(pk=mailbox.pk).update(flagged_count=F("flagged_count") + 1)
    except IntegrityError:
        # Another worker stored the same UID or Message-ID since we looked.
        earlier = MailMessage.objects.select_related("message").filter(message_key=key).first()
        if earlier is None and mailbox is not None and uid is not None:
            earlier = (
                MailMessage.objects.select_related("message")
                .filter(mailbox=mailbox, uidvalidity=uidvalidity, uid=uid)
                .first()
            )
        if earlier is None:
            raise
        return _duplicate(earlier, mail)
    status = Status.FLAGGED if flagged else Status.STORED
    return Ingested(
        received.conversation.pk, received.message.pk, status, opened=received.opened, mail=mail
    )


def _receive(
    mail: ParsedMail, address: str, hints: ThreadHints, mailbox: Mailbox | None, key: str
) -> Received:
    account = mailbox.account if mailbox is not None else ""
    external_id = external_id_of(mail.message_id)
    if Message.objects.filter(channel=CHANNEL, account=account, external_id=external_id).exists():
        # The caller found no mail of this sender with this Message-ID: the stored one is
        # someone else's (a copied or forged id), so this one is kept under its own id.
        external_id = f"{external_id[: MAX_EXTERNAL_ID - 17]}#{key[:16]}"
    text = mail.text
    attachments = [NewAttachment(a.filename, a.content_type, a.content) for a in mail.attachments]
    if not (text.strip() or mail.html.strip() or attachments):
        text = "(empty message)" if not mail.subject else mail.subject
    name = mail.from_name if address != UNKNOWN_SENDER else ""
    return receive_message(
        channel=CHANNEL,
        account=account,
        external_id=external_id,
        sender=Sender(
            [(IdentityKind.EMAIL, address)],
            name=name[:200],
            language=mailbox.language if mailbox is not None else "",
        ),
        subject=mail.subject[:MAX_SUBJECT],
        body_text=text,
        body_html=mail.html,
        hints=hints,
        attachments=attachments,
        team=mailbox.team if mailbox is not None else None,
    )


def is_inbound_mail(message: Message) -> bool:
    return message.direction == Direction.INBOUND and message.channel == CHANNEL
