"""Filters for numbers and times in the agent's language: {{ n|num }}, {{ moment|when }}."""

import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from hamdel.lib import localise, registry

register = template.Library()


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@register.filter
def num(value: Any) -> str:
    """A number (or any text with digits) in the active language's digits."""
    return "" if value is None else localise.digits(value, _language())


@register.filter
def when(value: datetime | None) -> str:
    return "" if value is None else localise.format_moment(value, _language())


@register.filter
def day(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return localise.format_moment(value, _language(), with_time=False)
    return localise.format_day(value, _language())


@register.filter
def iso(value: datetime | None) -> str:
    return "" if value is None else value.isoformat()


@register.simple_tag
def query_with(params: QueryDict, **changes: Any) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    merged = {key: params.getlist(key) for key in params}
    for key, value in changes.items():
        if value is None or value == "":
            merged.pop(key, None)
        else:
            merged[key] = [str(value)]
    return urlencode(merged, doseq=True)


MENTION = re.compile(r"(?<![\w@.])@([\w.\-]+[\w])")


@register.filter
def mentions(text: str) -> SafeString:
    """Note text, escaped, with @username mentions highlighted."""
    escaped = str(conditional_escape(text))
    return mark_safe(  # noqa: S308 - the text was escaped just above
        MENTION.sub(r'<span class="mention">@\1</span>', escaped)
    )


@register.simple_tag(takes_context=True)
def panels(context: template.Context, place: str, obj: Any) -> SafeString:
    """Every app's panels for one place of a page (hamdel.lib.registry.Panel)."""
    request = context.get("request")
    parts = [str(registry.load(panel.render)(request, obj)) for panel in registry.panels(place)]
    return mark_safe("".join(parts))  # noqa: S308 - each part is an app's rendered template


@register.simple_tag(takes_context=True)
def nav_links(context: template.Context) -> list[registry.NavLink]:
    """The sidebar links the apps declare that the signed-in agent may see."""
    agent = getattr(getattr(context.get("request"), "user", None), "agent", None)
    if agent is None:
        return []
    allowed = {"agent"} | ({"supervisor"} if agent.sees_everything else set())
    allowed |= {"admin"} if agent.is_admin else set()
    return [link for link in registry.nav_links() if link.role in allowed]


@register.simple_tag
def hit_link(hit: Any) -> SafeString:
    """A search hit of a stand-alone kind another app declares: its label, linked to the
    page its SearchKind names."""
    kind = registry.search_kinds().get(hit.type)
    if kind is None:
        return format_html("{}", hit.type)
    if not kind.url_name:
        return format_html("{}", kind.label)
    return format_html('<a href="{}">{}</a>', reverse(kind.url_name, args=[hit.id]), kind.label)
