"""`{% promise_badge conversation %}`, `{% promise_box conversation %}` (the reply box's
promise fields and feasibility check), `{% conversation_promises conversation %}` and
`{% customer_promises customer %}` (promises on the customer without a conversation).

The workspace includes them; times go through its `when` filter (Jalali for Persian). In a
list, call `hamdel.promises.queries.prefetch_open_promises` on the page first.
"""

from typing import Any

from django import template
from django.utils import timezone

from hamdel.people.models import Customer, Team
from hamdel.promises import queries
from hamdel.promises.forms import PromiseForm
from hamdel.tickets.models import Conversation

register = template.Library()


@register.inclusion_tag("promises/_badge.html")
def promise_badge(conversation: Conversation) -> dict[str, Any]:
    return {"badge": queries.promise_badge(conversation, timezone.now())}


@register.inclusion_tag("promises/_box.html", takes_context=True)
def promise_box(context: template.Context, conversation: Conversation) -> dict[str, Any]:
    return {
        "request": context.get("request"),
        "conversation": conversation,
        "form": PromiseForm(),
        # The conversation page has the teams already; elsewhere they are read here.
        "teams": context.get("teams") or list(Team.objects.order_by("name")),
    }


@register.inclusion_tag("promises/_conversation_promises.html", takes_context=True)
def conversation_promises(context: template.Context, conversation: Conversation) -> dict[str, Any]:
    return {
        "request": context.get("request"),
        "conversation": conversation,
        "promises": queries.promises_of_conversation(conversation),
        "appointments": queries.appointments_of_conversation(conversation),
        "now": timezone.now(),
    }


@register.inclusion_tag("promises/_customer_promises.html", takes_context=True)
def customer_promises(context: template.Context, customer: Customer) -> dict[str, Any]:
    """The customer's promises that belong to no conversation (a taken message's)."""
    return {
        "request": context.get("request"),
        "promises": queries.promises_of_customer(customer),
        "now": timezone.now(),
    }
