"""Signals promises sends from its actions, inside their transaction.

Apps above promises (phone, staffing, compensation) listen here: staffing routes a new
callback to an available agent, phone closes its callback record when the promise ends.
"""

from django.dispatch import Signal

# sender=Promise, promise=Promise,
# change="made" | "kept" | "cancelled" | "broken" | "assigned",
# actor=User | None
promise_changed = Signal()
