"""What the sla app adds: its event verbs, the breach notification and its periodic sweep."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations

DECLARED = Declarations(
    event_verbs={
        "sla.started": _("an SLA target started"),
        "sla.warning": _("an SLA target is close to its due time"),
        "sla.breached": _("an SLA target was breached"),
        "sla.escalated": _("escalated after an SLA breach"),
        "sla.policy_saved": _("saved an SLA policy"),
        "sla.policies_reordered": _("reordered the SLA policies"),
        "sla.policy_deleted": _("deleted an SLA policy"),
        "sla.policy_deactivated": _("deactivated an SLA policy"),
        "calendar.imported": _("imported a business calendar"),
        "calendar.replaced": _("replaced a business calendar"),
        "calendar.holiday_corrected": _("corrected a holiday date"),
        "calendar.team_set": _("set a team's business calendar"),
    },
    notification_kinds={"sla_breach": _("SLA breached")},
    job_modules=["hamdel.sla.jobs"],
)
