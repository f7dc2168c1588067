from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class PromisesConfig(registry.DeclaringAppConfig):
    name = "hamdel.promises"
    verbose_name = _("Promises")

    def ready(self) -> None:
        super().ready()
        from hamdel.promises import receivers
        from hamdel.tickets import signals

        signals.message_added.connect(receivers.on_message_added, dispatch_uid="promises.message")
