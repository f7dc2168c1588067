"""What the workspace app adds: the event of a CSV export."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations

DECLARED = Declarations(event_verbs={"export.csv": _("exported a list as CSV")})
