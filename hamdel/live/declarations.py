"""What the live app adds: the notification kinds of mentions and assignments."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations

DECLARED = Declarations(
    notification_kinds={
        "mention": _("Mentioned in a note"),
        "assignment": _("Assigned to you"),
    },
    job_modules=["hamdel.live.jobs"],
)
