"""Signals people sends from its actions, inside their transaction.

Apps above people (sla, value, ...) listen here instead of people importing them.
"""

from django.dispatch import Signal

# sender=Customer, customer=Customer, changes=dict[str, tuple[old, new]], actor=User | None
customer_changed = Signal()
