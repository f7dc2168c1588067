"""The compensation panel of the conversation page (registry place conversation.side)."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from hamdel.compensation import queries
from hamdel.compensation.forms import RequestForm
from hamdel.people.permissions import me
from hamdel.tickets.models import Conversation


def conversation_panel(request: HttpRequest, conversation: Conversation) -> str:
    compensations = queries.compensations_of_conversation(conversation)
    rows = queries.rows_for(me(request), compensations)
    # The currency of the conversation's last request, else of the first limit set.
    currency = compensations[0].currency if compensations else queries.usual_currency()
    form = RequestForm(initial={"currency": currency} if currency else None)
    context = {"conversation": conversation, "rows": rows, "form": form}
    return render_to_string("compensation/_panel.html", context, request=request)
