from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class PromisesConfig(registry.DeclaringAppConfig):
    name = "hamdel.promises"
    verbose_name = _("Promises")

    def ready(self) -> None:
        super().ready()
        from hamdel.people import signals as people_signals
        from hamdel.promises import receivers
        from hamdel.tickets import signals

        signals.message_added.connect(receivers.on_message_added, dispatch_uid="promises.message")
        people_signals.customer_merged.connect(
            receivers.on_customer_merged, dispatch_uid="promises.customer_merged"
        )
        people_signals.customer_unmerged.connect(
            receivers.on_customer_unmerged, dispatch_uid="promises.customer_unmerged"
        )
