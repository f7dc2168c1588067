"""What value tells about a customer in a short summary (the phone's screen pop)."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hamdel.lib import localise
from hamdel.lib.registry import Fact
from hamdel.people.models import Customer, Tier
from hamdel.value import queries, wording


def facts(customer: Customer) -> list[Fact]:
    """The tier (saying when a supervisor set it by hand) and the lifetime value."""
    language = (get_language() or "en").split("-")[0]
    tier = str(Tier(customer.tier).label) if customer.tier in Tier.values else customer.tier
    if customer.tier_manual:
        tier = _("%(tier)s (set by hand)") % {"tier": tier}
    good = customer.tier in (Tier.VIP, Tier.PLATINUM, Tier.GOLD)
    found = [Fact(_("Tier"), tier, tone="good" if good else "")]
    value = queries.value_of(customer)
    if value is not None:
        found.append(
            Fact(
                _("Lifetime value"),
                _("%(value)s over %(weeks)s weeks")
                % {
                    "value": wording.money(value.lifetime_value, value.currency, language),
                    "weeks": localise.digits(value.fit.horizon_weeks, language),
                },
            )
        )
    return found
