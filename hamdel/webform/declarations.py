"""What the web form app adds: the "web" transport, its pages and API, its matrix entries.

The conversation of a form submission keeps the channel "web"; the "web" transport
forwards each reply to the transport of the contact the customer gave (email or sms).
"""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount

DECLARED = Declarations(
    event_verbs={
        "webform.created": _("created a web form"),
        "webform.saved": _("changed a web form"),
    },
    transports={"web": "hamdel.webform.transport:send_to_contact"},
    matrix="hamdel.webform.tests.matrix",
    urls=[
        Mount("contact/", "hamdel.webform.urls"),
        Mount("webforms/", "hamdel.webform.settings_urls"),
    ],
    api_routers=[Mount("/", "hamdel.webform.api:router")],
)
