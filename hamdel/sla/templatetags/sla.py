"""`{% sla_badges conversation %}`: the next due time and a due-soon or breached badge.

Times go through the workspace's `when` filter: the agent's timezone, Jalali dates and
Persian digits for Persian. In a list, call `hamdel.sla.queries.prefetch_sla_timers` on the
page first so the badges cost one query for the page, not one per row.
"""

from typing import Any

from django import template
from django.utils import timezone

from hamdel.sla.queries import sla_badge
from hamdel.tickets.models import Conversation

register = template.Library()


@register.inclusion_tag("sla/_badges.html")
def sla_badges(conversation: Conversation) -> dict[str, Any]:
    return {"badge": sla_badge(conversation, timezone.now())}
