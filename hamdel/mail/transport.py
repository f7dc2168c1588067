"""Sends one outbound message as an email, through Django's mail backend (SMTP in
production: HAMDEL_EMAIL_BACKEND and the EMAIL_* settings).

Registered for the email channel in declarations.py and called only by
tickets.actions.delivery, which records the attempt first and the outcome after.
The Message-ID is derived from the message, so a retry after a cut-off attempt sends
the same Message-ID and the customer's mail program shows it once.
"""

import hashlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils.translation import gettext as _
from django.utils.translation import override

from hamdel.people.models import Identity, IdentityKind
from hamdel.tickets.actions import DeliveryError, Receipt
from hamdel.tickets.models import Message

SMTP_TIMEOUT_SECONDS = 30  # well within tickets.actions.delivery.ATTEMPT_LEASE


def message_id_of(message: Message, domain: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{message.pk}".encode()).hexdigest()[:16]
    return f"<hamdel.{message.pk}.{digest}@{domain}>"


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
    team = conversation.team
    sender = (team.sender_address if team else "") or settings.DEFAULT_FROM_EMAIL
    domain = sender.rpartition("@")[2] or "localhost"
    message_id = message.external_id or message_id_of(message, domain)
    with override(conversation.language or None):
        subject = _("Re: %(subject)s [#%(number)s]") % {
            "subject": conversation.subject or _("Your message"),
            "number": conversation.number,
        }
    email = EmailMultiAlternatives(
        subject=subject,
        body=message.body_text,
        from_email=sender,
        to=[recipient],
        headers={"Message-ID": message_id},
        connection=get_connection(timeout=SMTP_TIMEOUT_SECONDS),
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
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
