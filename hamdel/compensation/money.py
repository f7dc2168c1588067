"""Amounts of money: parsed from strings (never floats), checked against the currency's
minor units, shown per locale. Minor units and symbols are Babel's (CLDR) currency data:
the rial has none in use (CLDR 0, though ISO 4217 lists 2), the lira, rouble, dollar and
euro two.
"""

from decimal import Decimal, InvalidOperation

from babel.numbers import format_currency, get_currency_precision
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hamdel.lib import localise

# The currencies a request, a limit or a charge may be in.
CURRENCIES = ("IRR", "TRY", "RUB", "USD", "EUR", "GBP")
LOCALES = {"fa": "fa_IR", "tr": "tr_TR", "ru": "ru_RU", "en": "en_US"}
LARGEST = Decimal("1e15")  # a typo's safeguard, far above any real compensation


def minor_units(currency: str) -> int:
    return int(get_currency_precision(currency))


def check_currency(currency: str, field: str = "currency") -> str:
    code = (currency or "").strip().upper()
    if code not in CURRENCIES:
        raise ValidationError(
            {
                field: _("Unknown currency “%(currency)s”; use one of %(known)s.")
                % {"currency": currency, "known": ", ".join(CURRENCIES)}
            },
            code="currency",
        )
    return code


def parse_amount(
    text: object, currency: str, field: str = "amount", *, allow_zero: bool = False
) -> Decimal:
    """A non-negative Decimal from its string, with no more decimals than the currency has.

    Floats are refused: 0.1 + 0.2 is not money."""
    if isinstance(text, float):
        raise ValidationError({field: _("Give the amount as a string, such as “12.50”.")})
    raw = str(text).strip().translate(localise.ASCII_DIGITS) if text is not None else ""
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(
            {field: _("“%(amount)s” is not an amount.") % {"amount": text}}, code="amount"
        ) from None
    if not amount.is_finite():
        raise ValidationError({field: _("“%(amount)s” is not an amount.") % {"amount": text}})
    if amount < 0:
        raise ValidationError({field: _("An amount cannot be negative.")}, code="negative")
    if amount == 0 and not allow_zero:
        raise ValidationError({field: _("An amount must be more than zero.")}, code="zero")
    if amount >= LARGEST:
        raise ValidationError({field: _("This amount is too large.")}, code="large")
    places = minor_units(currency)
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise ValidationError(
            {
                field: _("%(currency)s amounts have at most %(places)d decimals.")
                % {"currency": currency, "places": places}
            },
            code="decimals",
        )
    return amount


def as_text(amount: Decimal, currency: str) -> str:
    """The API's form: a plain string with exactly the currency's minor units ("12.50")."""
    places = minor_units(currency)
    return f"{amount.quantize(Decimal(1).scaleb(-places)):f}"


def display(amount: Decimal, currency: str, language: str) -> str:
    """The amount as a reader of `language` writes it (Persian digits for Persian)."""
    locale = LOCALES.get(language, "en_US")
    text = format_currency(amount, currency, locale=locale, currency_digits=True)
    return localise.digits(text, language) if language == "fa" else text
