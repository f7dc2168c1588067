"""What the conduct app adds (hamdel.lib.registry):
abusive-language detection, masking, warnings and parting ways.
"""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount, NavLink, Panel

ESCALATED = "abuse_escalated"
PARTING_PROPOSED = "parting_proposed"
HANDED_OVER = "abuse_handover"

DECLARED = Declarations(
    event_verbs={
        "conduct.detected": _("an abusive message arrived"),
        "conduct.warned": _("warned the customer about abusive language"),
        "conduct.escalated": _("told a supervisor about abusive messages"),
        "conduct.restricted": _("moved the conversation to the restricted queue"),
        "conduct.confused": _("flagged the customer as likely confused"),
        "conduct.handed_over": _("handed an abusive conversation to a supervisor"),
        "conduct.revealed": _("revealed masked abusive words"),
        "conduct.parting_proposed": _("proposed parting ways with the customer"),
        "conduct.parting_approved": _("approved parting ways with the customer"),
        "conduct.parting_rejected": _("rejected parting ways with the customer"),
        "conduct.parting_reversed": _("reversed parting ways with the customer"),
        "conduct.parting_told": _("told the customer about parting ways"),
        "conduct.settings_changed": _("changed the conduct settings"),
        "conduct.template_changed": _("changed a conduct message template"),
        "conduct.term_added": _("added an abusive term"),
        "conduct.term_removed": _("removed an abusive term"),
        "conduct.preference_changed": _("changed whether abusive words may be shown"),
    },
    notification_kinds={
        ESCALATED: _("A customer is abusive"),
        PARTING_PROPOSED: _("Parting ways was proposed"),
        HANDED_OVER: _("An abusive conversation was handed to you"),
    },
    matrix="hamdel.conduct.tests.matrix",
    urls=[Mount("conduct/", "hamdel.conduct.urls")],
    api_routers=[Mount("/conduct", "hamdel.conduct.api:router")],
    nav_links=[
        NavLink(_("Abuse exposure"), "conduct-exposure", role="supervisor", order=60),
        NavLink(_("Parting ways"), "conduct-partings", role="supervisor", order=61),
        NavLink(_("Conduct settings"), "conduct-settings", role="admin", order=62),
    ],
    panels=[
        Panel("conversation.header", "hamdel.conduct.panels:conversation_header"),
        Panel("conversation.side", "hamdel.conduct.panels:conversation_side"),
        Panel("customer.side", "hamdel.conduct.panels:customer_side"),
    ],
)
