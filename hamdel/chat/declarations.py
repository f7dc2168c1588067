"""What the chat app adds: the "chat" identity kind and transport, its sockets, pages,
API and matrix entries. The "chat" channel itself is a core channel (tickets.Channel)."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount

DECLARED = Declarations(
    event_verbs={
        "chat.widget_saved": _("changed a chat widget"),
        "chat.accepted": _("took a chat"),
        "chat.handed": _("handed a chat to a colleague"),
        "chat.left_message": _("left a message in the chat for a reply by email or SMS"),
    },
    identity_kinds={"chat": _("Chat visitor")},
    transports={"chat": "hamdel.chat.transport:send"},
    matrix="hamdel.chat.tests.matrix",
    urls=[Mount("chat/", "hamdel.chat.urls")],
    api_routers=[Mount("/chat", "hamdel.chat.api:router")],
    websocket_routes=["hamdel.chat.routing:websocket_urlpatterns"],
)
