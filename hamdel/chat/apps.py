from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class ChatConfig(registry.DeclaringAppConfig):
    name = "hamdel.chat"
    label = "chat"
    verbose_name = _("Live chat")
