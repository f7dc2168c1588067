"""Built calendars, kept per process.

A built calendar keeps its holiday tables; rebuilding one per message would cost more than
the rest of an action. Keyed by (calendar id, updated_at), so an import invalidates.
"""

import threading
from datetime import datetime
from typing import Any

from hamdel.sla.calendars.definition import BusinessCalendar

_CACHE_SIZE = 256
_cache: dict[tuple[int, datetime], BusinessCalendar] = {}
_cache_lock = threading.Lock()


def built_calendar(calendar_id: int, updated_at: datetime, definition: Any) -> BusinessCalendar:
    """The engine calendar of a stored definition, built once per (id, updated_at)."""
    key = (calendar_id, updated_at)
    with _cache_lock:
        built = _cache.get(key)
    if built is None:
        built = BusinessCalendar.from_dict(definition)
        with _cache_lock:
            if len(_cache) >= _CACHE_SIZE:
                _cache.clear()
            _cache[key] = built
    return built
