"""The emails the workspace sends: password links for invited staff and resets by admins."""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def send_password_link(request: HttpRequest, user: User, *, invitation: bool) -> None:
    """Email a one-time link to choose a password (Django's reset view checks the token).

    Django's own reset form skips users without a usable password, which is exactly
    what an invited agent has, so the link is built here with the same token generator.
    """
    kind = "invitation" if invitation else "password_reset"
    context = {
        "email": user.email,
        "domain": request.get_host(),
        "site_name": "Hamdel",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
    }
    PasswordResetForm().send_mail(
        f"workspace/{kind}_subject.txt", f"workspace/{kind}_email.txt", context, None, user.email
    )
