""" "Extra mile" gestures an agent logs on a conversation: an audit event on the timeline,
counted per agent (the audit trail is the record; nothing else is stored)."""

from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.audit.models import Event
from hamdel.loyalty import events
from hamdel.tickets.models import Conversation

KINDS = {
    "free_repair": gettext_lazy("A free repair"),
    "spare_part": gettext_lazy("Found a spare part"),
    "personal_call": gettext_lazy("A personal call"),
    "other": gettext_lazy("Something else"),
}


def log_extra_mile(conversation: Conversation, actor: User, kind: str, note: str = "") -> Event:
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose what was done.")})
    return events.loyalty_event(
        events.EXTRA_MILE,
        subject_type="conversation",
        subject_id=conversation.pk,
        actor=actor,
        customer_id=conversation.customer_id,
        conversation_id=conversation.pk,
        data={"kind": kind, "note": note.strip()[:500]},
    )


def extra_miles_per_agent(since: datetime | None = None) -> list[tuple[str, int]]:
    """(username, gestures) for every agent who logged one, most first."""
    rows = Event.objects.filter(verb=events.EXTRA_MILE, actor__isnull=False)
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    counted = (
        rows.order_by()
        .values("actor__username")
        .annotate(gestures=Count("id"))
        .order_by("-gestures", "actor__username")
    )
    return [(row["actor__username"], row["gestures"]) for row in counted]
