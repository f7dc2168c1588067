"""Mailbox passwords sealed with Fernet (from `cryptography`), keyed off SECRET_KEY.

A password written `env:NAME` is not stored at all: the mailbox keeps the name and the
password is read from the environment when the mailbox connects.
"""

import base64
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

ENV_PREFIX = "env:"


def _fernet() -> Fernet:
    key = hashlib.sha256(f"hamdel.mail:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(password: str) -> str:
    if not password or password.startswith(ENV_PREFIX):
        return password
    return _fernet().encrypt(password.encode()).decode()


def unseal(sealed: str) -> str:
    if not sealed:
        return ""
    if sealed.startswith(ENV_PREFIX):
        return os.environ.get(sealed.removeprefix(ENV_PREFIX), "")
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""  # sealed under another SECRET_KEY: as if never entered
