"""What the compensation app adds (hamdel.lib.registry):
refunds and compensation with empowerment limits and a ledger.
"""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount, NavLink, Panel

PENDING = "grant_waiting"  # at most 16 characters (live.Notification.kind)
DECIDED = "grant_decided"

DECLARED = Declarations(
    event_verbs={
        "compensation.requested": _("asked for compensation"),
        "compensation.approved": _("approved compensation"),
        "compensation.rejected": _("rejected compensation"),
        "compensation.paid": _("recorded a compensation payment"),
        "compensation.reversed": _("recorded a reversed compensation payment"),
        "compensation.limits_changed": _("changed the compensation limits"),
        "compensation.charge_recorded": _("recorded a charge"),
    },
    notification_kinds={
        PENDING: _("A compensation request waits for your approval"),
        DECIDED: _("Your compensation request was decided"),
    },
    matrix="hamdel.compensation.tests.matrix",
    demo="hamdel.compensation.demo:load",
    urls=[Mount("compensation/", "hamdel.compensation.urls")],
    api_routers=[Mount("/", "hamdel.compensation.api:router")],
    nav_links=[
        NavLink(_("Compensation approvals"), "compensation-approvals", role="supervisor"),
        NavLink(_("Compensation limits"), "compensation-limits", role="admin"),
    ],
    panels=[Panel("conversation.side", "hamdel.compensation.panels:conversation_panel")],
)
