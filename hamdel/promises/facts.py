"""What promises tells about a customer in a short summary (the phone's screen pop)."""

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hamdel.lib import localise
from hamdel.lib.registry import Fact
from hamdel.people.models import Customer
from hamdel.promises.models import Promise, State


def facts(customer: Customer) -> list[Fact]:
    """Open promises: how many, and the next due (overdue ones make it a warning)."""
    due = list(
        Promise.objects.filter(customer=customer, state__in=[State.OPEN, State.BROKEN])
        .order_by("due_at")
        .values_list("due_at", flat=True)[:50]
    )
    if not due:
        return [Fact(_("Open promises"), localise.digits(0, _language()))]
    late = due[0] < timezone.now()
    value = _("%(count)s, next due %(when)s") % {
        "count": localise.digits(len(due), _language()),
        "when": localise.format_moment(due[0], _language()),
    }
    return [Fact(_("Open promises"), value, tone="bad" if late else "warn")]


def _language() -> str:
    return (get_language() or "en").split("-")[0]
