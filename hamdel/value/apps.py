from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class ValueConfig(registry.DeclaringAppConfig):
    name = "hamdel.value"
    label = "value"
    verbose_name = _("Customer value")

    def ready(self) -> None:
        super().ready()
        from hamdel.people import signals as people_signals
        from hamdel.value import receivers

        people_signals.customer_merged.connect(
            receivers.on_customer_merged, dispatch_uid="value.customer_merged"
        )
        people_signals.customer_unmerged.connect(
            receivers.on_customer_unmerged, dispatch_uid="value.customer_unmerged"
        )
