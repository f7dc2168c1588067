"""What the phone app adds (hamdel.lib.registry):
calls from any PBX, screen pops, callbacks and taken messages.
"""

from hamdel.lib.registry import Declarations

DECLARED = Declarations()
