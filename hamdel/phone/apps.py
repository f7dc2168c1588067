from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class PhoneConfig(registry.DeclaringAppConfig):
    name = "hamdel.phone"
    label = "phone"
    verbose_name = _("Phone")

    def ready(self) -> None:
        super().ready()
        from hamdel.people import signals as people_signals
        from hamdel.phone import receivers
        from hamdel.promises.signals import promise_changed

        promise_changed.connect(receivers.promise_changed, dispatch_uid="phone.promise_changed")
        people_signals.customer_merged.connect(
            receivers.customer_merged, dispatch_uid="phone.customer_merged"
        )
        people_signals.customer_unmerged.connect(
            receivers.customer_unmerged, dispatch_uid="phone.customer_unmerged"
        )
