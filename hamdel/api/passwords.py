"""A password change revokes the owner's API tokens (docs/security.md, docs/api.md).

Django calls `password_changed(password, user)` on every configured password validator
once a new password is set and saved, whichever way it was set: the change-password
page, a reset or invitation link, the admin, `changepassword`. Hamdel hooks that call
here, so no path can forget it; a hasher upgrade at login is not a change and does not
call it. This validator accepts every password.
"""

from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from hamdel.api.actions import revoke_tokens_of


class RevokeTokensOnPasswordChange:
    def validate(self, password: str, user: Any = None) -> None:
        return None

    def password_changed(self, password: str, user: Any = None) -> None:
        if isinstance(user, User) and user.pk is not None:
            revoke_tokens_of(user, actor=user)

    def get_help_text(self) -> str:
        return _("Changing your password also revokes your API tokens.")
