"""What the customer is told after sending: the conversation number and when we answer.

The answer is due when the first-response clock of the SLA policy that applies is due:
the clock sla started when the message was added (business time on the policy's or the
team's calendar). It is shown in that calendar's timezone, in the customer's language:
Jalali dates and Persian digits for Persian.
"""

from dataclasses import dataclass
from datetime import datetime

import jdatetime
from babel.dates import format_datetime, get_timezone_name
from django.utils.translation import gettext as _
from django.utils.translation import override

from hamdel.lib.localise import digits, zone
from hamdel.sla.models import Metric, TimerState
from hamdel.sla.queries import calendar_for, live_timers
from hamdel.tickets.models import Conversation


@dataclass(frozen=True)
class Due:
    at: datetime
    timezone: str  # of the business calendar the clock runs on


def first_response_due(conversation: Conversation) -> Due | None:
    """The running first-response clock's due time; call after the message is stored."""
    timer = live_timers(conversation).filter(metric=Metric.FIRST_RESPONSE).first()
    if timer is None or timer.state != TimerState.RUNNING or timer.due_at is None:
        return None
    return Due(timer.due_at, calendar_for(conversation, timer.policy).timezone)


def format_due(due: Due, language: str) -> str:
    """ "Sunday 6 December 2026, 10:30 (Iran Time)"; Jalali for Persian."""
    tz = zone(due.timezone)
    local = due.at.astimezone(tz)
    place = get_timezone_name(tz, width="long", locale=language)
    if language == "fa":
        jalali = jdatetime.datetime.fromgregorian(datetime=local, locale="fa_IR")
        day = jalali.strftime("%d").lstrip("0")
        text = jalali.strftime(f"%A {day} %B %Y، ساعت %H:%M")
        return digits(f"{text} ({place})", "fa")
    text = format_datetime(local, "EEEE d MMMM y, HH:mm", locale=language, tzinfo=tz)
    return f"{text} ({place})"


def when_we_answer(due: Due | None, language: str) -> str:
    """The sentence of the thank-you page and the acknowledgement; call in `language`."""
    if due is None:
        return _("We will answer as soon as we can.")
    return _("We will answer by %(due)s.") % {"due": format_due(due, language)}


def acknowledgement_text(number: int, due: Due | None, language: str) -> str:
    with override(language):
        lines = [
            _("Thank you for your message."),
            _("We have opened conversation #%(number)s for it.")
            % {"number": digits(number, language)},
            when_we_answer(due, language),
        ]
    return "\n".join(lines)
