"""What the loyalty app adds (hamdel.lib.registry):
points, coupons, verifiable raffles and thank-you messages.
"""

from hamdel.lib.registry import Declarations

DECLARED = Declarations()
