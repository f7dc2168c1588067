"""The emails the workspace sends: password links for invited staff and resets by admins."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from hamdel.people.tokens import invitation_tokens, reset_tokens


def send_password_link(user: User, *, invitation: bool) -> None:
    """Email a one-time link to choose a password: an invitation (72 hours) or a reset
    (one hour), at HAMDEL_BASE_URL whatever host the request that asked for it named.

    Django's own reset form skips users without a usable password, which is exactly
    what an invited agent has, so the link is built here.
    """
    kind = "invitation" if invitation else "password_reset"
    tokens = invitation_tokens if invitation else reset_tokens
    context = {
        "email": user.email,
        "base_url": settings.BASE_URL,
        "site_name": "Hamdel",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": tokens.make_token(user),
    }
    PasswordResetForm().send_mail(
        f"workspace/{kind}_subject.txt", f"workspace/{kind}_email.txt", context, None, user.email
    )
