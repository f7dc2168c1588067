from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class MessagingConfig(registry.DeclaringAppConfig):
    name = "hamdel.messaging"
    label = "messaging"
    verbose_name = _("SMS and messengers")
