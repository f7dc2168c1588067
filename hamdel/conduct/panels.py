"""The conduct pieces of the workspace's conversation and customer pages (registry panels)."""

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.template.loader import render_to_string

from hamdel.conduct import queries
from hamdel.conduct.masking import masked_html
from hamdel.conduct.models import Preference
from hamdel.people.models import Customer
from hamdel.people.queries import agent_of
from hamdel.tickets.models import Conversation


def conversation_header(request: HttpRequest, conversation: Conversation) -> str:
    """The conversation's conduct flag, beside its status badges."""
    flag = queries.flag_of(conversation)
    if flag is None or not (flag.abusive_messages or flag.confused):
        return ""
    return render_to_string("conduct/_flag.html", {"flag": flag}, request=request)


def conversation_side(request: HttpRequest, conversation: Conversation) -> str:
    """The abusive messages masked (one click shows them, audited), the hand-over button,
    the confusion prompt, the agent's preference."""
    flag = queries.flag_of(conversation)
    parted = queries.parted(conversation.customer)
    if flag is None and parted is None:
        return ""
    user = request.user
    if not isinstance(user, User):
        return ""
    detections = list(queries.detections_in(conversation))
    context = {
        "conversation": conversation,
        "flag": flag,
        "parted": parted,
        "items": [(d, masked_html(d.message.body_text, d.matches)) for d in detections],
        "never_reveal": Preference.objects.filter(user=user, never_reveal=True).exists(),
    }
    return render_to_string("conduct/_conversation_side.html", context, request=request)


def customer_side(request: HttpRequest, customer: Customer) -> str:
    """Parting ways: its history, the proposal form (supervisors), the decision buttons
    (administrators)."""
    agent = agent_of(request.user)
    partings = list(queries.partings_of(customer))
    detections = list(queries.detections_of_customer(customer))
    if not partings and not detections:
        return ""
    context = {
        "customer": customer,
        "partings": partings,
        "detections": [(d, masked_html(d.message.body_text, d.matches)) for d in detections],
        "is_supervisor": bool(agent and agent.sees_everything),
        "is_admin": bool(agent and agent.is_admin),
        "can_propose": not any(p.state in ("proposed", "approved") for p in partings),
    }
    return render_to_string("conduct/_customer_side.html", context, request=request)
