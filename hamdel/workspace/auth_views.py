"""Django's password views with Hamdel's link tokens (people.tokens) and base URL."""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth
from django.http import HttpResponse
from django.urls import reverse_lazy

from hamdel.people.tokens import invitation_tokens, reset_tokens


class ResetRequestView(auth.PasswordResetView):
    """The link in the email is built on HAMDEL_BASE_URL, never on the request's Host."""

    token_generator = reset_tokens

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {"base_url": settings.BASE_URL}
        return super().form_valid(form)


class ResetConfirmView(auth.PasswordResetConfirmView):
    token_generator = reset_tokens


class InvitationConfirmView(auth.PasswordResetConfirmView):
    token_generator = invitation_tokens
    success_url = reverse_lazy("password_reset_complete")
