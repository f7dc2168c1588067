"""What the knowledge app adds (hamdel.lib.registry):
articles, the public help centre and canned replies.
"""

from hamdel.lib.registry import Declarations

DECLARED = Declarations()
