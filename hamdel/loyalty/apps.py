from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class LoyaltyConfig(registry.DeclaringAppConfig):
    name = "hamdel.loyalty"
    label = "loyalty"
    verbose_name = _("Loyalty")

    def ready(self) -> None:
        super().ready()
        from hamdel.loyalty import receivers
        from hamdel.tickets import signals

        signals.conversation_changed.connect(
            receivers.on_conversation_changed, dispatch_uid="loyalty.conversation_changed"
        )
