from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class ComplaintsConfig(registry.DeclaringAppConfig):
    name = "hamdel.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        super().ready()
        from hamdel.complaints import receivers
        from hamdel.tickets import signals

        signals.message_added.connect(receivers.on_message_added, dispatch_uid="complaints.message")
        signals.conversation_changed.connect(
            receivers.on_conversation_changed, dispatch_uid="complaints.changed"
        )
        signals.status_changing.connect(
            receivers.on_status_changing, dispatch_uid="complaints.status_changing"
        )
