from channels.auth import AuthMiddlewareStack
from channels.security.websocket import AllowedHostsOriginValidator
from django.urls import path

from hamdel.phone.consumers import PhoneConsumer

# Declared in declarations.py; hamdel/asgi.py routes to them before live's socket.
websocket_urlpatterns = [
    # A page of ours: only our own hosts as Origin, and the agent's session.
    path("ws/phone/", AllowedHostsOriginValidator(AuthMiddlewareStack(PhoneConsumer.as_asgi()))),
]
