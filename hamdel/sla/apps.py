from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class SlaConfig(registry.DeclaringAppConfig):
    name = "hamdel.sla"
    verbose_name = _("SLA")

    def ready(self) -> None:
        super().ready()
        from hamdel.people import signals as people_signals
        from hamdel.sla import receivers
        from hamdel.tickets import signals

        signals.message_added.connect(receivers.on_message_added, dispatch_uid="sla.message")
        signals.conversation_changed.connect(
            receivers.on_conversation_changed, dispatch_uid="sla.conversation"
        )
        people_signals.customer_changed.connect(
            receivers.on_customer_changed, dispatch_uid="sla.customer"
        )
