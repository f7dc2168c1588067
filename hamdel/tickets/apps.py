from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class TicketsConfig(registry.DeclaringAppConfig):
    name = "hamdel.tickets"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        super().ready()
        from hamdel.people import signals
        from hamdel.tickets import receivers

        signals.customer_merged.connect(
            receivers.on_customer_merged, dispatch_uid="tickets.customer_merged"
        )
        signals.customer_unmerged.connect(
            receivers.on_customer_unmerged, dispatch_uid="tickets.customer_unmerged"
        )
