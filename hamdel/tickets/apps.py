from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class TicketsConfig(registry.DeclaringAppConfig):
    name = "hamdel.tickets"
    verbose_name = _("Conversations")
