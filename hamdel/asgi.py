"""ASGI: Django for HTTP, Django Channels for the WebSockets.

The live socket at /ws/live/ is authenticated by the Django session cookie and accepts
only pages of an allowed host as Origin, so another site cannot open it with the agent's
cookie. Apps declare their own WebSocket routes (`Declarations.websocket_routes`); each
checks its own Origin and authentication (a chat widget runs on customers' sites), and
they are tried before live's.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamdel.settings")
# Django must be set up before the consumers (and their models) are imported.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import re_path  # noqa: E402

from hamdel.lib import registry  # noqa: E402
from hamdel.live.routing import websocket_urlpatterns  # noqa: E402

live = AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": URLRouter([*registry.websocket_routes(), re_path(r"^", live)]),
    }
)
