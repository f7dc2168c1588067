"""Integration tokens and sealed provider secrets.

Twilio's auth token is sealed with Fernet (from `cryptography`) under a key derived from
the site's SECRET_KEY; changing the key makes it unreadable and the admin enters it again.
"""

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    key = hashlib.sha256(f"hamdel.phone:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def unseal(sealed: str) -> str:
    if not sealed:
        return ""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""


def new_token() -> str:
    """The secret part of an integration's URL: 256 random bits, 43 URL-safe characters."""
    return secrets.token_urlsafe(32)


def same(given: str, expected: str) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(given, expected)
