"""`{% mail_body message %}`: an email as the agent reads it — what the customer wrote now,
the quoted history and signature behind a toggle (the original is kept), the HTML version
in a sandboxed frame with remote images only after a click, and a notice when the mail
was malformed, unparsable or had parts dropped."""

from typing import Any

from django import template

from hamdel.mail.models import MailMessage
from hamdel.tickets.models import Message

register = template.Library()


def _records(context: template.Context, conversation_id: int) -> dict[int, MailMessage]:
    """The mail records of the whole conversation, read once per request (the thread
    renders one message at a time)."""
    request = context.get("request")
    cache: dict[int, dict[int, MailMessage]] = getattr(request, "_mail_records", {})
    if conversation_id not in cache:
        rows = MailMessage.objects.filter(message__conversation_id=conversation_id)
        cache[conversation_id] = {row.message_id: row for row in rows}
        if request is not None:
            request._mail_records = cache
    return cache[conversation_id]


@register.inclusion_tag("mail/_body.html", takes_context=True)
def mail_body(context: template.Context, message: Message) -> dict[str, Any]:
    record = _records(context, message.conversation_id).get(message.pk)
    return {"message": message, "record": record}
