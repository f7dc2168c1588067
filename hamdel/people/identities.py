"""Reading identities as customers type them: phone numbers to E.164, emails to lower case."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from hamdel.lib.registry import identity_kinds
from hamdel.people.models import IdentityKind


def normalise_phone(raw: str, region: str) -> str:
    """E.164 form of a phone number typed in any digit script, with spaces or dashes.

    phonenumbers reads Persian (U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669)
    digits itself; national numbers are read in the organisation's region.
    """
    try:
        number = phonenumbers.parse(raw, region.upper())
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("“%(value)s” is not a phone number."), code="invalid_phone", params={"value": raw}
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number in any country we know."),
            code="invalid_phone",
            params={"value": raw},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str:
    value = raw.strip()
    try:
        validate_email(value)
    except ValidationError as error:
        raise ValidationError(
            _("“%(value)s” is not an email address."), code="invalid_email", params={"value": raw}
        ) from error
    local, _at, domain = value.rpartition("@")
    # The domain is case-insensitive everywhere; the local part is in practice too.
    return f"{local}@{domain}".lower()


def normalise_handle(raw: str) -> str:
    value = raw.strip().removeprefix("@").lower()
    if not value:
        raise ValidationError(_("A messenger handle cannot be empty."), code="invalid_handle")
    return value


def normalise_identity(kind: str, raw: str, region: str) -> str:
    if kind == IdentityKind.EMAIL:
        return normalise_email(raw)
    if kind == IdentityKind.PHONE:
        return normalise_phone(raw, region)
    if kind in identity_kinds():
        return normalise_handle(raw)
    raise ValidationError(
        _("Unknown identity kind “%(kind)s”."), code="invalid_kind", params={"kind": kind}
    )
