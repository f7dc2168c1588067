"""What the conduct app adds (hamdel.lib.registry):
abusive-language detection, masking, warnings and parting ways.
"""

from hamdel.lib.registry import Declarations

DECLARED = Declarations()
