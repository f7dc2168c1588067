"""What the complaints app adds (hamdel.lib.registry):
the complaints desk, root causes and policy signals.
"""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount, NavLink, Panel

OVERDUE = "complaint_late"
SPIKE = "complaint_spike"

DECLARED = Declarations(
    event_verbs={
        "complaint.opened": _("sent a complaint to the complaints desk"),
        "complaint.recorded": _("recorded a complaint's root cause"),
        "complaint.resolved": _("resolved a complaint"),
        "complaint.reopened": _("reopened a complaint"),
        "complaint.escalated": _("escalated an overdue complaint"),
        "complaint.root_cause_saved": _("saved a root cause"),
        "complaint.desk_changed": _("changed the complaints desk"),
        "complaint.alert": _("raised a complaint alert"),
        "complaint.decision": _("recorded a policy decision"),
    },
    notification_kinds={
        OVERDUE: _("A complaint is overdue"),
        SPIKE: _("Many customers complained about the same thing"),
    },
    job_modules=["hamdel.complaints.jobs"],
    matrix="hamdel.complaints.tests.matrix",
    demo="hamdel.complaints.demo:load",
    urls=[Mount("complaints/", "hamdel.complaints.urls")],
    api_routers=[Mount("/", "hamdel.complaints.api:router")],
    nav_links=[NavLink(_("Complaints"), "complaints", role="supervisor")],
    panels=[
        Panel("conversation.header", "hamdel.complaints.panels:header_badge"),
        Panel("conversation.side", "hamdel.complaints.panels:side_panel", order=10),
    ],
)
