"""What the loyalty app adds (hamdel.lib.registry):
points, coupons, verifiable raffles and thank-you messages.
"""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount, NavLink, Panel

DECLARED = Declarations(
    event_verbs={
        "loyalty.points_earned": _("added loyalty points"),
        "loyalty.points_redeemed": _("redeemed loyalty points"),
        "loyalty.points_expired": _("loyalty points expired"),
        "loyalty.points_reversed": _("reversed loyalty points"),
        "coupon.batch_made": _("made coupons"),
        "coupon.given": _("gave a coupon"),
        "coupon.redeemed": _("a coupon was redeemed"),
        "raffle.opened": _("opened a raffle"),
        "raffle.closed": _("closed a raffle"),
        "raffle.drawn": _("drew a raffle"),
        "thanks.sent": _("sent a thank-you"),
        "loyalty.extra_mile": _("went the extra mile"),
    },
    job_modules=["hamdel.loyalty.jobs"],
    matrix="hamdel.loyalty.tests.matrix",
    demo="hamdel.loyalty.demo:load",
    urls=[
        Mount("loyalty/", "hamdel.loyalty.urls"),
        Mount("raffles/", "hamdel.loyalty.public_urls"),
    ],
    api_routers=[Mount("/", "hamdel.loyalty.api:router")],
    nav_links=[NavLink(_("Loyalty"), "loyalty", order=60)],
    panels=[
        Panel("conversation.side", "hamdel.loyalty.panels:conversation_side"),
        Panel("customer.side", "hamdel.loyalty.panels:customer_side"),
    ],
    customer_facts=["hamdel.loyalty.facts:facts"],
)
