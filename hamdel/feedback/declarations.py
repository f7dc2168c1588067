"""What the feedback app adds (hamdel.lib.registry):
cSAT and NPS surveys.
"""

from hamdel.lib.registry import Declarations

DECLARED = Declarations()
