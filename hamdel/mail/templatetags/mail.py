"""`{% mail_body message %}`: an email as the agent reads it — what the customer wrote now,
the quoted history and signature behind a toggle (the original is kept), the HTML version
in a sandboxed frame with remote images only after a click, and a notice when the mail
was malformed, unparsable or had parts dropped."""

from typing import Any

from django import template

from hamdel.mail.models import MailMessage
from hamdel.tickets.models import Message

register = template.Library()


@register.inclusion_tag("mail/_body.html")
def mail_body(message: Message) -> dict[str, Any]:
    record = MailMessage.objects.filter(message_id=message.pk).first()
    return {"message": message, "record": record}
