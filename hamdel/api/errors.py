"""Pydantic's validation errors as sentences in the caller's language.

Pydantic writes its messages in English; the API answers in the language of the request
(Accept-Language), so the common kinds of error are translated here from their `type`
and `ctx`. An unknown kind keeps pydantic's own message.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

Describe = Callable[[dict[str, Any]], str]


def _limit(key: str) -> Callable[[str], Describe]:
    def message(template: str) -> Describe:
        return lambda ctx: template % {"limit": ctx.get(key, "")}

    return message


MESSAGES: dict[str, Describe] = {
    "missing": lambda ctx: _("This field is required."),
    "string_type": lambda ctx: _("Give text."),
    "int_type": lambda ctx: _("Give a whole number."),
    "int_parsing": lambda ctx: _("Give a whole number."),
    "int_from_float": lambda ctx: _("Give a whole number."),
    "bool_type": lambda ctx: _("Give true or false."),
    "bool_parsing": lambda ctx: _("Give true or false."),
    "list_type": lambda ctx: _("Give a list."),
    "dict_type": lambda ctx: _("Give a JSON object."),
    "model_type": lambda ctx: _("Give a JSON object."),
    "model_attributes_type": lambda ctx: _("Give a JSON object."),
    "json_invalid": lambda ctx: _("The body is not valid JSON."),
    "enum": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
    "literal_error": lambda ctx: (
        _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    ),
    "date_from_datetime_parsing": lambda ctx: _("Give a date as YYYY-MM-DD."),
    "date_parsing": lambda ctx: _("Give a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": lambda ctx: _("Give a date as YYYY-MM-DD."),
    "value_error": lambda ctx: (
        _("This value is not valid: %(reason)s.") % {"reason": ctx.get("error", "")}
    ),
    "greater_than_equal": _limit("ge")(_("Give a number of at least %(limit)s.")),
    "greater_than": _limit("gt")(_("Give a number greater than %(limit)s.")),
    "less_than_equal": _limit("le")(_("Give a number of at most %(limit)s.")),
    "less_than": _limit("lt")(_("Give a number less than %(limit)s.")),
    "string_too_short": _limit("min_length")(_("Give at least %(limit)s characters.")),
    "string_too_long": _limit("max_length")(_("Give at most %(limit)s characters.")),
    "too_short": _limit("min_length")(_("Give at least %(limit)s items.")),
    "too_long": _limit("max_length")(_("Give at most %(limit)s items.")),
}


def describe(item: dict[str, Any]) -> str:
    """One pydantic error item (from `errors()`) as a translated sentence."""
    describe_kind = MESSAGES.get(str(item.get("type", "")))
    if describe_kind is None:
        return str(item.get("msg") or _("Invalid value."))
    return describe_kind(item.get("ctx") or {})
