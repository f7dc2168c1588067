"""`{% messaging_panel conversation %}`: the account a messenger or SMS conversation is
answered from and, on WhatsApp, the 24-hour window and the template form."""

from typing import Any

from django import template
from django.utils import timezone

from hamdel.messaging import queries
from hamdel.messaging.models import Kind
from hamdel.tickets.models import Conversation

register = template.Library()


@register.inclusion_tag("messaging/_panel.html", takes_context=True)
def messaging_panel(context: template.Context, conversation: Conversation) -> dict[str, Any]:
    if conversation.channel not in {"sms", "messenger"}:
        return {"account": None}
    account = queries.account_of_conversation(conversation)
    found: dict[str, Any] = {
        "request": context.get("request"),
        "conversation": conversation,
        "account": account,
    }
    if account is not None and account.kind == Kind.WHATSAPP:
        window = queries.reply_window(conversation, account)
        found.update(
            window_open=window.is_open(timezone.now()),
            closes_at=window.closes_at,
            templates=list(queries.approved_templates(account)),
        )
    return found
