"""What the feedback app adds (hamdel.lib.registry): CSAT and NPS surveys, their pages and
API, the conversation panel, the customer's "Last CSAT" fact and the low-score notice."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount, NavLink, Panel

LOW_SCORE = "feedback_low"  # live.Notification.kind holds 16 characters

DECLARED = Declarations(
    event_verbs={
        "feedback.invited": _("sent a survey"),
        "feedback.answered": _("the customer answered a survey"),
        "feedback.low_score": _("a survey came back with a low score"),
        "feedback.campaign_created": _("created an NPS campaign"),
        "feedback.campaign_started": _("an NPS campaign started sending"),
        "feedback.campaign_finished": _("an NPS campaign finished sending"),
        "feedback.campaign_cancelled": _("cancelled an NPS campaign"),
        "feedback.settings_changed": _("changed the survey settings"),
    },
    notification_kinds={LOW_SCORE: _("A customer gave a low score")},
    job_modules=["hamdel.feedback.jobs"],
    matrix="hamdel.feedback.tests.matrix",
    urls=[Mount("feedback/", "hamdel.feedback.urls")],
    api_routers=[Mount("/feedback", "hamdel.feedback.api:router")],
    nav_links=[NavLink(_("Surveys"), "feedback", role="agent", order=60)],
    panels=[
        Panel("conversation.side", "hamdel.feedback.panels:conversation_panel"),
        Panel("customer.side", "hamdel.feedback.panels:customer_panel"),
    ],
    customer_facts=["hamdel.feedback.facts:facts"],
)
