from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Content-Security-Policy and login throttling (docs/security.md)."""

    name = "hamdel.security"
    verbose_name = "Security"
