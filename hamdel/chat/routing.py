from channels.auth import AuthMiddlewareStack
from channels.security.websocket import AllowedHostsOriginValidator
from django.urls import path

from hamdel.chat.consumers import AgentConsumer, VisitorConsumer

# Declared in declarations.py; hamdel/asgi.py routes to them before live's socket.
websocket_urlpatterns = [
    # The agents' desk: a page of ours, so only our own hosts as Origin, and a session.
    path(
        "ws/chat/agent/",
        AllowedHostsOriginValidator(AuthMiddlewareStack(AgentConsumer.as_asgi())),
    ),
    # Customers' sites: the consumer checks Origin against the widget's allowed origins.
    path("ws/chat/<int:widget>/", VisitorConsumer.as_asgi()),
]
