"""What the compensation app adds (hamdel.lib.registry):
refunds and compensation with empowerment limits and a ledger.
"""

from hamdel.lib.registry import Declarations

DECLARED = Declarations()
