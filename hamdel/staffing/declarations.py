"""What the staffing app adds (hamdel.lib.registry):
forecasts, Erlang C/A staffing, schedules, presence, pulse and routing.
"""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount, NavLink, Panel

ROUTED = "routed_to_you"

DECLARED = Declarations(
    event_verbs={
        "routing.assigned": _("routed the item to an agent"),
        "routing.waiting": _("the item waits for an agent"),
        "routing.declined": _("declined the routed item"),
        "presence.changed": _("changed presence"),
    },
    notification_kinds={ROUTED: _("New work was routed to you")},
    job_modules=["hamdel.staffing.jobs"],
    matrix="hamdel.staffing.tests.matrix",
    urls=[Mount("staffing/", "hamdel.staffing.urls")],
    api_routers=[Mount("/staffing", "hamdel.staffing.api:router")],
    nav_links=[
        NavLink(_("My day"), "staffing-me", role="agent", order=60),
        NavLink(_("Waiting work"), "staffing-queue", role="agent", order=61),
        NavLink(_("Staffing"), "staffing", role="supervisor", order=62),
    ],
    panels=[Panel("conversation.side", "hamdel.staffing.panels:conversation_panel")],
)
