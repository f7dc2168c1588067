"""What feedback tells about a customer in a short summary (the phone's screen pop)."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hamdel.feedback import queries
from hamdel.lib import localise
from hamdel.lib.registry import Fact
from hamdel.people.models import Customer


def facts(customer: Customer) -> list[Fact]:
    """Last CSAT: the score of the latest answered survey and when; nothing if none."""
    survey = queries.last_answered_csat(customer)
    if survey is None or survey.score is None or survey.answered_at is None:
        return []
    language = (get_language() or "en").split("-")[0]
    value = _("%(score)s of 5, %(when)s") % {
        "score": localise.digits(survey.score, language),
        "when": localise.format_moment(survey.answered_at, language, with_time=False),
    }
    return [Fact(_("Last CSAT"), value, tone=survey.tone)]
