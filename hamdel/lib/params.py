"""Reading the agent UI's query strings and form fields: one place that says what a list
or filter accepts, so a hostile value is a 400 with a sentence, never a 500.

Each reader raises ValidationError keyed by the parameter; views let it propagate and
the security middleware answers 400 with the message (hamdel.security.edge).
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from hamdel.lib.validation import MAX_ID


def parse_id(value: str, name: str) -> int:
    """A row id or number typed by hand: ASCII digits from 1 to the largest BIGINT."""
    text = value.strip().lstrip("#")
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_ID:
        raise ValidationError({name: _("Give a whole number, such as 1042.")})
    return int(text)


def id_param(params: QueryDict, name: str) -> int | None:
    """The id in params[name]; None when it is absent or empty."""
    value = params.get(name, "")
    return parse_id(value, name) if value.strip() else None


def id_list(params: QueryDict, name: str) -> list[int]:
    return [parse_id(value, name) for value in params.getlist(name) if value.strip()]


def choice_param(params: QueryDict, name: str, choices: Iterable[str], default: str = "") -> str:
    """params[name] if it is one of `choices`; `default` when absent or empty."""
    value = params.get(name, "")
    if not value:
        return default
    if value not in set(choices):
        raise ValidationError({name: _("Choose one of the values offered.")})
    return value
