"""What the staffing app adds (hamdel.lib.registry):
forecasts, Erlang C/A staffing, schedules, presence, pulse and routing.
"""

from hamdel.lib.registry import Declarations

DECLARED = Declarations()
