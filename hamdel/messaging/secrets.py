"""Sealing account secrets: Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) with a
key derived from HAMDEL_MESSAGING_KEY, else from the site's SECRET_KEY.

Changing the key makes stored secrets unreadable (the account says so and the admin
enters them again). A value written `env:NAME` is not a secret but where one is: it is
kept as it is and read from the environment at use, so operators can keep tokens out of
the database altogether.
"""

import base64
import hashlib
import hmac
import json
import os
import secrets

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

ENV_PREFIX = "env:"


def _fernet() -> Fernet:
    material = os.environ.get("HAMDEL_MESSAGING_KEY") or settings.SECRET_KEY
    key = hashlib.sha256(f"hamdel.messaging:{material}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(values: dict[str, str]) -> str:
    kept = {name: value for name, value in values.items() if value}
    return _fernet().encrypt(json.dumps(kept).encode()).decode() if kept else ""


def unseal(sealed: str) -> dict[str, str]:
    if not sealed:
        return {}
    try:
        values: dict[str, str] = json.loads(_fernet().decrypt(sealed.encode()))
    except InvalidToken:
        return {}  # sealed under another key: as if never entered
    return values


def resolve(value: str) -> str:
    """A stored secret, or the environment variable an `env:NAME` value names."""
    if value.startswith(ENV_PREFIX):
        return os.environ.get(value.removeprefix(ENV_PREFIX), "")
    return value


def new_secret() -> str:
    """A webhook secret: 43 URL-safe characters (Telegram allows A-Z a-z 0-9 _ -)."""
    return secrets.token_urlsafe(32)


def new_hook() -> str:
    return secrets.token_hex(16)


def same(given: str, expected: str) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(given, expected)
