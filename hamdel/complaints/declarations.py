"""What the complaints app adds (hamdel.lib.registry):
the complaints desk, root causes and policy signals.
"""

from hamdel.lib.registry import Declarations

DECLARED = Declarations()
