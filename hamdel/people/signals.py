"""Signals people sends from its actions, inside their transaction.

Apps above people (sla, value, ...) listen here instead of people importing them.
"""

from django.dispatch import Signal

# sender=Customer, customer=Customer, changes=dict[str, tuple[old, new]], actor=User | None
customer_changed = Signal()

# Sent by merge_customers inside its transaction, after people moved its own rows (the
# identities) and before the source is marked merged. sender=Customer, source=Customer,
# target=Customer, actor=User | None, moved=dict[str, list[int]].
#
# Each app with rows pointing at a customer moves its own rows of `source` to `target` in a
# receiver (receivers.py, connected in its AppConfig.ready()) and records their ids in
# `moved` under "<app_label>.<model>.<field>" (people.merging.move_to_target does both).
# The merge's audit event keeps `moved`, so the merge can be undone. An app whose rows are
# an append-only ledger (money movements) does not listen and moves nothing: its readers
# follow Customer.merged_into to the surviving customer instead.
customer_merged = Signal()

# Sent by unmerge_customers inside its transaction. sender=Customer, source=Customer,
# target=Customer, actor=User | None, moved=the dict the merge recorded. Each receiver moves
# the rows it listed there back to `source` (people.merging.move_back), only those still on
# `target`: a row moved on since stays where it is.
customer_unmerged = Signal()
