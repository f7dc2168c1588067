"""The one-time links of staff accounts: a password reset lives an hour, an invitation
72 hours (docs/security.md).

Each kind has its own salt, so a reset token never opens an invitation link nor the
reverse. Like Django's, a token is bound to the account's password hash and last login,
so it dies once used; it is also bound to the account being active, so deactivating an
agent kills their outstanding links, and to the unusable password an invitation sets,
so a new invitation or a revoked one kills the links sent before.
"""

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

RESET_LIFETIME = 60 * 60  # seconds: one hour
INVITATION_LIFETIME = 72 * 60 * 60  # seconds: three days


class LinkTokenGenerator(PasswordResetTokenGenerator):
    def __init__(self, key_salt: str, lifetime: int) -> None:
        super().__init__()
        self.key_salt = key_salt
        self.lifetime = lifetime

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"

    def check_token(self, user: Any, token: str | None) -> bool:
        """Django's check with this kind's own lifetime (not PASSWORD_RESET_TIMEOUT)."""
        if not (user and token) or not user.is_active:
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - timestamp <= self.lifetime


reset_tokens = LinkTokenGenerator("hamdel.people.tokens.reset", RESET_LIFETIME)
invitation_tokens = LinkTokenGenerator("hamdel.people.tokens.invitation", INVITATION_LIFETIME)
