"""Failed logins, kept in the database so every web process sees the same count."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginFailure(models.Model):
    username = models.CharField(_("username"), max_length=150)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        indexes = [
            models.Index(fields=["username", "at"], name="login_failure_user_idx"),
            models.Index(fields=["ip", "at"], name="login_failure_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.username} from {self.ip} at {self.at}"
