"""The feedback pieces of the workspace's conversation and customer pages."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from hamdel.feedback import queries
from hamdel.people.models import Customer
from hamdel.tickets.models import Conversation

CUSTOMER_SURVEYS = 5


def conversation_panel(request: HttpRequest, conversation: Conversation) -> str:
    surveys = queries.surveys_of_conversation(conversation)
    if not surveys:
        return ""
    return render_to_string(
        "feedback/_conversation_panel.html", {"surveys": surveys}, request=request
    )


def customer_panel(request: HttpRequest, customer: Customer) -> str:
    visible = queries.visible_surveys(request.user)  # type: ignore[arg-type]  # agent pages
    surveys = list(
        visible.filter(customer=customer, answered_at__isnull=False).order_by("-answered_at")[
            :CUSTOMER_SURVEYS
        ]
    )
    if not surveys:
        return ""
    return render_to_string("feedback/_customer_panel.html", {"surveys": surveys}, request=request)
