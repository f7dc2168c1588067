from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class FeedbackConfig(registry.DeclaringAppConfig):
    name = "hamdel.feedback"
    label = "feedback"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        super().ready()
        from hamdel.feedback import receivers
        from hamdel.people import signals as people_signals
        from hamdel.tickets import signals

        signals.conversation_changed.connect(
            receivers.on_conversation_changed, dispatch_uid="feedback.conversation_changed"
        )
        people_signals.customer_merged.connect(
            receivers.on_customer_merged, dispatch_uid="feedback.customer_merged"
        )
        people_signals.customer_unmerged.connect(
            receivers.on_customer_unmerged, dispatch_uid="feedback.customer_unmerged"
        )
