from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class MailConfig(registry.DeclaringAppConfig):
    name = "hamdel.mail"
    label = "mail"
    verbose_name = _("Email")
