"""What the customer is told after sending: the conversation number and when we answer.

The due time is the first-response target of the SLA policy that applies, in business
time: sla answers `tickets.signals.first_response_due` (a channel app cannot import
sla, its sibling). It is shown in the organisation's timezone, in the customer's
language: Jalali dates and Persian digits for Persian.
"""

from datetime import datetime

import jdatetime
from babel.dates import format_datetime, get_timezone_name
from django.utils.translation import gettext as _
from django.utils.translation import override

from hamdel.lib.localise import digits, zone
from hamdel.people.models import Organisation
from hamdel.tickets import signals
from hamdel.tickets.models import Conversation


def first_response_due(conversation: Conversation) -> datetime | None:
    answers = signals.first_response_due.send(sender=Conversation, conversation=conversation)
    for _receiver, due in answers:
        if isinstance(due, datetime):
            return due
    return None


def format_due(moment: datetime, language: str) -> str:
    """ "Sunday 6 December 2026, 10:30 (Iran Time)"; Jalali for Persian."""
    tz = zone(Organisation.load().timezone)
    local = moment.astimezone(tz)
    place = get_timezone_name(tz, width="long", locale=language)
    if language == "fa":
        jalali = jdatetime.datetime.fromgregorian(datetime=local, locale="fa_IR")
        day = jalali.strftime("%d").lstrip("0")
        text = jalali.strftime(f"%A {day} %B %Y، ساعت %H:%M")
        return digits(f"{text} ({place})", "fa")
    text = format_datetime(local, "EEEE d MMMM y, HH:mm", locale=language, tzinfo=tz)
    return f"{text} ({place})"


def when_we_answer(due: datetime | None, language: str) -> str:
    """The sentence of the thank-you page and the acknowledgement; call in `language`."""
    if due is None:
        return _("We will answer as soon as we can.")
    return _("We will answer by %(due)s.") % {"due": format_due(due, language)}


def acknowledgement_text(number: int, due: datetime | None, language: str) -> str:
    with override(language):
        lines = [
            _("Thank you for your message."),
            _("We have opened conversation #%(number)s for it.")
            % {"number": digits(number, language)},
            when_we_answer(due, language),
        ]
    return "\n".join(lines)
