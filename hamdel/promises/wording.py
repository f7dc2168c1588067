"""The sentence a promise is told in, in the customer's language and calendar.

"I will call you back by Sunday 14:00": the weekday, date and time in the customer's
timezone (else the team's, else the organisation's), Jalali with Persian digits for Persian.
"""

from datetime import datetime

import jdatetime
from babel.dates import format_datetime
from django.utils import translation
from django.utils.translation import gettext as _

from hamdel.lib import localise
from hamdel.people.models import Customer, Organisation
from hamdel.promises.models import Kind, Promise

SUPPORTED = {"fa", "tr", "ru", "en"}


def moment_for_customer(moment: datetime, language: str, zone_name: str) -> str:
    local = moment.astimezone(localise.zone(zone_name))
    if language == "fa":
        jalali = jdatetime.datetime.fromgregorian(datetime=local, locale="fa_IR")
        day = jalali.strftime("%A %d %B %Y").replace(" 0", " ")
        return localise.digits(f"{day}، ساعت {local:%H:%M}", "fa")
    return format_datetime(local, "EEEE d MMMM y, HH:mm", locale=language, tzinfo=local.tzinfo)


def _sentence(kind: str) -> str:
    sentences = {
        Kind.CALLBACK: _("I will call you back by %(moment)s."),
        Kind.REPLY: _("I will reply to you by %(moment)s."),
        Kind.REFUND: _("Your refund will be paid by %(moment)s."),
        Kind.DELIVER: _("It will be delivered to you by %(moment)s."),
        Kind.FIX: _("It will be fixed by %(moment)s."),
        Kind.VISIT: _("We will visit you by %(moment)s."),
        Kind.OTHER: _("We will get back to you about this by %(moment)s."),
    }
    return sentences[Kind(kind)]


def promise_sentence(kind: str, due_at: datetime, language: str, zone_name: str) -> str:
    language = language if language in SUPPORTED else "en"
    with translation.override(language):
        return _sentence(kind) % {"moment": moment_for_customer(due_at, language, zone_name)}


def zone_of(customer: Customer) -> str:
    return customer.timezone or Organisation.load().timezone


def sentence_of(promise: Promise) -> str:
    return promise_sentence(
        promise.kind, promise.due_at, promise.language, zone_of(promise.customer)
    )
