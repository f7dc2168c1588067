"""Sends one outbound message as an email, through the mailbox it belongs to (its SMTP
server) or Django's mail backend (HAMDEL_EMAIL_BACKEND and the EMAIL_* settings).

Registered for the email channel in declarations.py and called only by
tickets.actions.delivery, which records the attempt first and the outcome after.
The Message-ID is derived from the message, so a retry after a cut-off attempt sends
the same Message-ID and the customer's mail program shows it once.

Threading: In-Reply-To is the Message-ID of the customer's last mail before this reply,
References the conversation's Message-IDs oldest first (the newest 20), and Reply-To a
plus-address of the mailbox carrying the conversation's reply token, so a reply from a
client that drops those headers still finds its way (docs/email.md, "Threading").
"""

import hashlib
import html
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.translation import gettext as _
from django.utils.translation import override

from hamdel.mail import secrets
from hamdel.mail.inbound import reply_token
from hamdel.mail.models import Mailbox, MailMessage, Security
from hamdel.people.models import Identity, IdentityKind
from hamdel.tickets.actions import DeliveryError, Receipt
from hamdel.tickets.models import Direction, Message

SMTP_TIMEOUT_SECONDS = 30  # well within tickets.actions.delivery.ATTEMPT_LEASE
MAX_REFERENCES = 20


def message_id_of(message: Message, domain: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{message.pk}".encode()).hexdigest()[:16]
    return f"<hamdel.{message.pk}.{digest}@{domain}>"


def _thread_ids(message: Message) -> tuple[str, list[str], str]:
    """(In-Reply-To, References, the account of the last inbound mail) for a reply."""
    earlier = list(
        Message.objects.filter(conversation_id=message.conversation_id, channel="email")
        .exclude(pk=message.pk)
        .filter(created_at__lte=message.created_at)
        .exclude(external_id="")
        .order_by("created_at", "pk")
        .values_list("pk", "direction", "external_id", "account")
    )
    headers = dict(
        MailMessage.objects.filter(message_id__in=[row[0] for row in earlier]).values_list(
            "message_id", "header_id"
        )
    )
    ids: list[str] = []
    in_reply_to, account = "", ""
    for pk, direction, external_id, row_account in earlier:
        header = headers.get(pk) or external_id
        if not header.startswith("<"):
            continue
        ids.append(header)
        if direction == Direction.INBOUND:
            in_reply_to, account = header, row_account
    return in_reply_to, ids[-MAX_REFERENCES:], account


def _mailbox(message: Message, account: str) -> Mailbox | None:
    for name in (message.account, account):
        if name.startswith("mailbox-") and name.removeprefix("mailbox-").isdigit():
            found = Mailbox.objects.filter(pk=int(name.removeprefix("mailbox-"))).first()
            if found is not None:
                return found
    team_id = message.conversation.team_id
    return Mailbox.objects.filter(team_id=team_id, is_active=True).first() if team_id else None


def _connection(mailbox: Mailbox | None) -> BaseEmailBackend:
    connection: BaseEmailBackend
    if mailbox is None or not mailbox.smtp_host:
        connection = get_connection(timeout=SMTP_TIMEOUT_SECONDS)
        return connection
    connection = get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        host=mailbox.smtp_host,
        port=mailbox.smtp_port,
        username=mailbox.username if mailbox.password_sealed else "",
        password=secrets.unseal(mailbox.password_sealed),
        use_tls=mailbox.smtp_security == Security.STARTTLS,
        use_ssl=mailbox.smtp_security == Security.TLS,
        timeout=SMTP_TIMEOUT_SECONDS,
    )
    return connection


def _plus(address: str, token: str) -> str:
    local, _at, domain = address.rpartition("@")
    return f"{local}+{token}@{domain}" if local else address


def html_of(text: str) -> str:
    return "<div>" + html.escape(text).replace("\n", "<br>\n") + "</div>"


def send_email(message: Message) -> Receipt:
    conversation = message.conversation
    recipient = (
        Identity.objects.filter(customer_id=conversation.customer_id, kind=IdentityKind.EMAIL)
        .order_by("pk")
        .values_list("value", flat=True)
        .first()
    )
    if recipient is None:
        raise DeliveryError(_("The customer has no email address."), permanent=True)
    in_reply_to, references, account = _thread_ids(message)
    mailbox = _mailbox(message, account)
    team = conversation.team
    sender = (
        mailbox.address if mailbox else (team.sender_address if team else "")
    ) or settings.DEFAULT_FROM_EMAIL
    domain = sender.rpartition("@")[2] or "localhost"
    message_id = message.external_id or message_id_of(message, domain)
    with override(conversation.language or None):
        subject = _("Re: %(subject)s [#%(number)s]") % {
            "subject": conversation.subject or _("Your message"),
            "number": conversation.number,
        }
    headers = {"Message-ID": message_id}
    if in_reply_to:
        headers["In-Reply-To"] = in_reply_to
    if references:
        headers["References"] = " ".join(references)
    email = EmailMultiAlternatives(
        subject=subject,
        body=message.body_text,
        from_email=sender,
        to=[recipient],
        reply_to=[_plus(sender, reply_token(conversation.pk))],
        headers=headers,
        connection=_connection(mailbox),
    )
    email.attach_alternative(message.body_html or html_of(message.body_text), "text/html")
    for attachment in message.attachments.all():
        with attachment.file.open("rb") as handle:
            email.attach(attachment.filename, handle.read(), attachment.content_type)
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as error:
        raise DeliveryError(
            _("The mail server refused the address: %(error)s") % {"error": error.recipients},
            permanent=True,
        ) from error
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryError(
            _("The mail server could not be reached or refused the message: %(error)s")
            % {"error": error}
        ) from error
    return Receipt(provider_id=message_id)
