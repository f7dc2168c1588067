"""Values and tier reasons in words, in a given language (the panel's, or the organisation's
for the reason stored on the customer)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_currency, format_decimal
from django.utils import translation
from django.utils.translation import gettext as _

from hamdel.lib import localise
from hamdel.people.models import Tier
from hamdel.value.models import TierBasis


@lru_cache(maxsize=8)
def _locale(language: str) -> Locale:
    return Locale.parse(language)  # parsed once: a nightly fit words 100,000 reasons


def money(amount: Decimal | float, currency: str, language: str) -> str:
    locale = _locale(language)
    if not currency:
        return localise.digits(format_decimal(amount, "#,##0.00", locale=locale), language)
    text = format_currency(Decimal(str(amount)), currency, locale=locale)
    return localise.digits(text, language)


def percent(share: float, language: str) -> str:
    return localise.digits(format_decimal(share, "0.#", locale=_locale(language)), language) + " %"


@dataclass(frozen=True)
class Standing:
    """Where one customer stands in the last good fit."""

    tier: str
    rank: int
    customers: int
    lifetime_value: Decimal
    currency: str
    horizon_weeks: int
    basis: str
    cutoff: Decimal | None  # the cut-off of `tier` (a share in % or a value); None: standard


def tier_reason(standing: Standing, language: str) -> str:
    """Why the customer has their computed tier, in one sentence."""
    return tier_reasons([standing], language)[0]


def tier_reasons(standings: list[Standing], language: str) -> list[str]:
    with translation.override(language):
        return [_reason(standing, language) for standing in standings]


def _reason(standing: Standing, language: str) -> str:
    """tier_reason, inside the language's translation.override."""
    d = localise.digits
    values = {
        "value": money(standing.lifetime_value, standing.currency, language),
        "weeks": d(standing.horizon_weeks, language),
        "rank": d(standing.rank, language),
        "count": d(standing.customers, language),
        "tier": str(Tier(standing.tier).label),
    }
    if standing.cutoff is None:
        return (
            _(
                "Below the tier cut-offs: %(value)s expected over %(weeks)s weeks, "
                "rank %(rank)s of %(count)s customers."
            )
            % values
        )
    if standing.basis == TierBasis.SHARE:
        values["share"] = percent(float(standing.cutoff), language)
        return (
            _(
                "%(tier)s: in the top %(share)s of customers by lifetime value "
                "(rank %(rank)s of %(count)s, %(value)s expected over %(weeks)s weeks)."
            )
            % values
        )
    values["cutoff"] = money(standing.cutoff, standing.currency, language)
    return (
        _(
            "%(tier)s: a lifetime value of %(value)s over %(weeks)s weeks, at least "
            "%(cutoff)s (rank %(rank)s of %(count)s)."
        )
        % values
    )


def manual_reason(who: str, day: date, note: str, language: str) -> str:
    with translation.override(language):
        values = {"who": who, "day": localise.format_day(day, language), "note": note}
        if note:
            return _("Set by hand by %(who)s on %(day)s: %(note)s") % values
        return _("Set by hand by %(who)s on %(day)s.") % values
