from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class ConductConfig(registry.DeclaringAppConfig):
    name = "hamdel.conduct"
    label = "conduct"
    verbose_name = _("Conduct")

    def ready(self) -> None:
        super().ready()
        from hamdel.conduct import receivers
        from hamdel.people import signals as people_signals
        from hamdel.tickets import signals

        signals.message_added.connect(receivers.on_message_added, dispatch_uid="conduct.message")
        people_signals.customer_merged.connect(
            receivers.on_customer_merged, dispatch_uid="conduct.customer_merged"
        )
        people_signals.customer_unmerged.connect(
            receivers.on_customer_unmerged, dispatch_uid="conduct.customer_unmerged"
        )
