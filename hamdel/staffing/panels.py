"""The routing panel on the conversation page: why it went to whom, or why it waits."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from hamdel.staffing import queries
from hamdel.tickets.models import Conversation


def conversation_panel(request: HttpRequest, conversation: Conversation) -> str:
    decisions = queries.decisions_of_conversation(conversation)
    if not decisions:
        return ""
    return render_to_string(
        "staffing/_routing_panel.html", {"decisions": decisions}, request=request
    )
