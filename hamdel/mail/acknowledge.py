"""The acknowledgement of a new customer email: in the customer's language, saying when
they will hear back (the first-response clock of the SLA policy that applies, in business
time), never to automated mail (auto-replies, bounces, lists), at most one per address per
the mailbox's window, and only where the mailbox has it switched on (off by default).

Called after the ingesting transaction committed (the SLA clock exists by then). It goes
out like every reply: an outbound message, delivered by the email transport.
"""

from datetime import datetime, timedelta

import jdatetime
from babel.dates import format_datetime, get_timezone_name
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from hamdel.lib.localise import digits, zone
from hamdel.mail.inbound import CHANNEL, UNKNOWN_SENDER, Ingested
from hamdel.mail.models import Acknowledgement, Mailbox
from hamdel.sla.models import Metric, TimerState
from hamdel.sla.queries import calendar_for, live_timers
from hamdel.tickets.actions import add_message
from hamdel.tickets.models import Conversation, Direction, Message


def format_due(at: datetime, timezone_name: str, language: str) -> str:
    """ "Sunday 6 December 2026, 10:30 (Iran Time)"; Jalali and Persian digits for Persian."""
    tz = zone(timezone_name)
    local = at.astimezone(tz)
    place = get_timezone_name(tz, width="long", locale=language)
    if language == "fa":
        jalali = jdatetime.datetime.fromgregorian(datetime=local, locale="fa_IR")
        day = jalali.strftime("%d").lstrip("0")
        return digits(f"{jalali.strftime(f'%A {day} %B %Y، ساعت %H:%M')} ({place})", "fa")
    return f"{format_datetime(local, 'EEEE d MMMM y, HH:mm', locale=language, tzinfo=tz)} ({place})"


def acknowledgement_text(conversation: Conversation, language: str) -> str:
    timer = live_timers(conversation).filter(metric=Metric.FIRST_RESPONSE).first()
    with override(language):
        lines = [
            _("Thank you for your message."),
            _("We have opened conversation #%(number)s for it.")
            % {"number": digits(conversation.number, language)},
        ]
        if timer is None or timer.state != TimerState.RUNNING or timer.due_at is None:
            lines.append(_("We will answer as soon as we can."))
        else:
            when = format_due(
                timer.due_at, calendar_for(conversation, timer.policy).timezone, language
            )
            lines.append(_("We will answer by %(due)s.") % {"due": when})
    return "\n".join(lines)


def acknowledge(
    result: Ingested, mailbox: Mailbox | None, now: datetime | None = None
) -> Message | None:
    """Send the acknowledgement of a freshly opened conversation, if it is due one."""
    mail = result.mail
    if mailbox is None or not mailbox.acknowledge or mail is None or not result.opened:
        return None
    if mail.is_automated or mail.unparsable:
        return None  # never answer a machine: that is how mail loops start
    now = now or timezone.now()
    conversation = Conversation.objects.select_related("customer").get(pk=result.conversation_id)
    address = (
        conversation.customer.identities.filter(kind="email")
        .values_list("value", flat=True)
        .first()
    )
    if not address or address == UNKNOWN_SENDER:
        return None
    window = timedelta(hours=mailbox.acknowledge_window_hours)
    with transaction.atomic():
        # Two workers acknowledging the same address at once: the second waits here.
        list(Mailbox.objects.select_for_update().filter(pk=mailbox.pk))
        if Acknowledgement.objects.filter(address=address, sent_at__gt=now - window).exists():
            return None
        language = conversation.language or mailbox.language or "en"
        ack = add_message(
            conversation,
            direction=Direction.OUTBOUND,
            body_text=acknowledgement_text(conversation, language),
            channel=CHANNEL,
            account=mailbox.account,
            automatic=True,
        )
        Acknowledgement.objects.create(address=address, message=ack)
    return ack
