"""The chat socket's limits and the close codes that answer them (docs/chat.md).

Close codes 4000-4999 are the application's own (RFC 6455, 7.4.2); each says one thing.
"""

import hashlib
import hmac
from typing import Any

from django.conf import settings

MAX_FRAME_BYTES = 16 * 1024  # one JSON frame from a browser: a 4000-character message fits
MESSAGES_PER_WINDOW = 10  # a visitor's messages (all their tabs together) ...
RATE_WINDOW_SECONDS = 10  # ... within this many seconds; one more closes the socket
MAX_SOCKETS_PER_ADDRESS = 20  # open chat sockets from one client address
TYPING_EVERY_SECONDS = 1.0  # typing notices passed on at most this often
PING_SECONDS = 25  # the widget and the desk ping this often (keeps their socket row fresh)

PROTOCOL_ERROR = 4400  # not JSON, binary, or a frame before "start"
ORIGIN_REFUSED = 4403  # (handshake refused, the browser sees 1006) / agent not staff
UNKNOWN_WIDGET = 4404  # no active widget has this id
FRAME_TOO_LARGE = 4413  # a frame above MAX_FRAME_BYTES
TOO_MANY_MESSAGES = 4429  # above MESSAGES_PER_WINDOW in RATE_WINDOW_SECONDS
TOO_MANY_SOCKETS = 4430  # above MAX_SOCKETS_PER_ADDRESS from one address


def header(scope: dict[str, Any], name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return ""


def client_ip(scope: dict[str, Any]) -> str:
    """As hamdel.security.throttle.client_ip, from an ASGI scope."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip() for part in header(scope, b"x-forwarded-for").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    client = scope.get("client") or ("unknown", 0)
    return str(client[0])


def address_of(scope: dict[str, Any]) -> str:
    """The client's address as a keyed hash: counted, never stored in the clear."""
    key = f"{settings.SECRET_KEY}:chat-address".encode()
    return hmac.new(key, client_ip(scope).encode(), hashlib.sha256).hexdigest()[:64]
