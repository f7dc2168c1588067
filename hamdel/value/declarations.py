"""What the value app adds (hamdel.lib.registry): customer lifetime value (BG/NBD and
Gamma-Gamma), value tiers, the value page and API, the nightly refit, the customer page's
value panels and the value fact of the phone's screen pop.
"""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount, NavLink, Panel

DECLARED = Declarations(
    event_verbs={
        "value.import_started": _("started a transaction import"),
        "value.import_finished": _("finished a transaction import"),
        "value.fitted": _("fitted the customer value models"),
        "value.fit_failed": _("the customer value fit failed"),
        "value.cutoffs_changed": _("changed the tier cut-offs"),
        "value.tier_set_by_hand": _("set the tier by hand"),
        "value.manual_tier_cleared": _("let the value set the tier again"),
    },
    job_modules=["hamdel.value.jobs"],
    matrix="hamdel.value.tests.matrix",
    urls=[Mount("value/", "hamdel.value.urls")],
    api_routers=[Mount("/", "hamdel.value.api:router")],
    nav_links=[NavLink(_("Customer value"), "value", role="supervisor", order=60)],
    panels=[
        Panel("customer.header", "hamdel.value.panels:customer_header"),
        Panel("customer.side", "hamdel.value.panels:customer_side", order=20),
    ],
    customer_facts=["hamdel.value.facts:facts"],
)
