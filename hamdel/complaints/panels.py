"""The complaint's pieces of the conversation page (declared as panels)."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from hamdel.complaints import queries
from hamdel.complaints.models import Complaint
from hamdel.tickets.models import Category, Conversation


def _complaint(conversation: Conversation) -> Complaint | None:
    """Read once per page: the header badge and the side panel both need it."""
    if not hasattr(conversation, "_complaint_panel"):
        conversation._complaint_panel = (  # type: ignore[attr-defined]
            Complaint.objects.select_related("root_cause").filter(conversation=conversation).first()
        )
    return conversation._complaint_panel  # type: ignore[attr-defined, no-any-return]


def header_badge(request: HttpRequest, conversation: Conversation) -> str:
    complaint = _complaint(conversation)
    if complaint is None:
        return ""
    return render_to_string("complaints/_badge.html", {"complaint": complaint}, request=request)


def side_panel(request: HttpRequest, conversation: Conversation) -> str:
    """Root cause and what was done: filled in before the complaint can be solved."""
    complaint = _complaint(conversation)
    if complaint is None and conversation.category != Category.COMPLAINT:
        return ""
    context = {
        "conversation": conversation,
        "complaint": complaint,
        "causes": list(queries.active_root_causes()),
    }
    return render_to_string("complaints/_panel.html", context, request=request)
