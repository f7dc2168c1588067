"""The phone's pieces of the workspace pages: a conversation's calls, a customer's calls
and open callbacks (registry panels, declared in declarations.py)."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from hamdel.people.permissions import me
from hamdel.phone import queries


def conversation_calls(request: HttpRequest, conversation: Any) -> str:
    """The calls of the conversation as entries of its history, and attaching a call."""
    calls = queries.calls_of_conversation(conversation)
    loose = queries.unattached_calls(me(request), conversation.customer)
    if not calls and not loose:
        return ""
    context = {"calls": calls, "loose": loose, "conversation": conversation}
    return render_to_string("phone/_conversation_calls.html", context, request=request)


def customer_calls(request: HttpRequest, customer: Any) -> str:
    calls = queries.calls_of_customer(me(request), customer)
    callbacks = queries.open_callbacks_of_customer(customer)
    if not calls and not callbacks:
        return ""
    context = {"calls": calls, "callbacks": callbacks, "customer": customer}
    return render_to_string("phone/_customer_calls.html", context, request=request)


def screen_pops(request: HttpRequest, _nothing: Any) -> str:
    """Where a ringing call pops up, on every workspace page (the desk and the wallboard
    load the phone's script themselves)."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in {"phone-desk", "phone-wallboard"}:
        return ""
    return render_to_string("phone/_screen_pops.html", request=request)
