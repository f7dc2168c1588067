"""Audit events in words an agent reads: one short sentence per event verb."""

from typing import Any

from django.utils.functional import Promise

from hamdel.audit.models import Event
from hamdel.lib.registry import event_label


def describe(event: Event) -> str | Promise:
    """The sentence an app declared for the event's verb (hamdel.lib.registry)."""
    return event_label(event.verb)


def change_of(event: Event) -> str:
    """A compact old → new for the audit table; values are data, not translated."""

    def show(value: Any) -> str:
        if isinstance(value, dict):
            return ", ".join(f"{key}: {show(item)}" for key, item in value.items())
        if isinstance(value, list):
            return ", ".join(show(item) for item in value)
        return "" if value is None else str(value)

    old, new = show(event.old), show(event.new)
    if old and new:
        return f"{old} → {new}"
    return new or old
