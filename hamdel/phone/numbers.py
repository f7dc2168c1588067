"""Caller ids as PBXs send them, to the E.164 numbers customers' identities hold."""

from django.core.exceptions import ValidationError

from hamdel.people.identities import normalise_phone
from hamdel.people.models import Organisation


def e164(raw: str) -> str:
    """The number in E.164, or "" for an internal extension, "anonymous" or garbage.

    National formats are read in the organisation's phone region, Persian and
    Arabic-Indic digits included (phonenumbers reads them). PBXs often send international
    numbers without the "+" (sipgate: 4915791234567) or with "00": tried when the national
    reading fails.
    """
    value = (raw or "").strip()
    if not value or not any(char.isdigit() for char in value):
        return ""
    region = Organisation.load().phone_region
    candidates = [value]
    digits = "".join(str(int(char)) for char in value if char.isdigit())
    if value.startswith("00"):
        candidates.append("+" + digits[2:])
    elif not value.startswith("+"):
        candidates.append("+" + digits)
    for candidate in candidates:
        try:
            return normalise_phone(candidate, region)
        except ValidationError:
            continue
    return ""
