"""What the value app adds (hamdel.lib.registry):
customer lifetime value (BG/NBD and Gamma-Gamma) and value tiers.
"""

from hamdel.lib.registry import Declarations

DECLARED = Declarations()
