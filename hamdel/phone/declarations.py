"""What the phone app adds (hamdel.lib.registry):
calls from any PBX, screen pops, callbacks and taken messages.
"""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount, NavLink, Panel

MESSAGE_TAKEN = "phone_message"  # a colleague took a message for you
MESSAGE_MOVED = "phone_moved"  # a taken message was not called back in time

DECLARED = Declarations(
    event_verbs={
        "phone.integration_created": _("connected a phone system"),
        "phone.call_answered": _("answered a phone call"),
        "phone.call_missed": _("missed a phone call"),
        "phone.call_made": _("made a phone call"),
        "phone.call_corrected": _("corrected a phone call's outcome"),
        "phone.call_attached": _("attached a phone call to a conversation"),
        "phone.callback_opened": _("opened a callback for a missed call"),
        "phone.callback_joined": _("added a missed call to an open callback"),
        "phone.callback_attempted": _("tried to call back"),
        "phone.callback_closed": _("closed a callback"),
        "phone.callback_escalated": _("escalated an overdue callback"),
        "phone.message_taken": _("took a message for a colleague"),
        "phone.message_moved": _("moved a message nobody called back to the team"),
        "phone.message_done": _("called back on a taken message"),
    },
    notification_kinds={
        MESSAGE_TAKEN: _("A message was taken for you"),
        MESSAGE_MOVED: _("A taken message moved to the team"),
    },
    matrix="hamdel.phone.tests.matrix",
    urls=[Mount("phone/", "hamdel.phone.urls")],
    api_routers=[
        Mount("/phone", "hamdel.phone.api:router"),
        Mount("/", "hamdel.phone.api:callbacks"),
    ],
    websocket_routes=["hamdel.phone.routing:websocket_urlpatterns"],
    nav_links=[
        NavLink(_("Phone"), "phone-desk", order=40),
        NavLink(_("Callbacks"), "phone-callbacks", order=41),
        NavLink(_("Wallboard"), "phone-wallboard", role="supervisor", order=42),
        NavLink(_("Phone systems"), "phone-integrations", role="admin", order=90),
    ],
    panels=[
        Panel("workspace.top", "hamdel.phone.panels:screen_pops"),
        Panel("conversation.side", "hamdel.phone.panels:conversation_calls"),
        Panel("customer.side", "hamdel.phone.panels:customer_calls"),
    ],
)
