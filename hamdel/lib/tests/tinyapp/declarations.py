"""What the tiny app adds: one of each kind of declaration (hamdel.lib.registry)."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount, NavLink, Panel, SearchKind

APP = "hamdel.lib.tests.tinyapp"

DECLARED = Declarations(
    event_verbs={"wave.sent": _("waved at the customer")},
    notification_kinds={"wave": _("A customer was waved at")},
    search_kinds={"wave": SearchKind(_("wave"), f"{APP}.search:wave_texts", in_conversation=False)},
    channels={"smoke": _("Smoke signals")},
    transports={"smoke": f"{APP}.transport:send_smoke"},
    identity_kinds={"hilltop": _("Hilltop")},
    job_modules=[f"{APP}.jobs"],
    matrix=f"{APP}.matrix",
    demo=f"{APP}.demo:load",
    urls=[Mount("tiny/", f"{APP}.urls")],
    api_routers=[Mount("/tiny", f"{APP}.api:router")],
    nav_links=[
        NavLink("Waves", "tiny-waves"),
        NavLink("Wave settings", "tiny-waves", role="admin", order=10),
    ],
    panels=[
        Panel("conversation.side", f"{APP}.panels:conversation_side"),
        Panel("customer.side", f"{APP}.panels:customer_side"),
    ],
    customer_facts=[f"{APP}.panels:facts"],
)
