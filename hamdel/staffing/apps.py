from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class StaffingConfig(registry.DeclaringAppConfig):
    name = "hamdel.staffing"
    label = "staffing"
    verbose_name = _("Staffing")

    def ready(self) -> None:
        super().ready()
        from django.contrib.auth import signals as auth_signals

        from hamdel.promises.signals import promise_changed
        from hamdel.staffing import receivers
        from hamdel.tickets import signals

        signals.message_added.connect(receivers.on_message_added, dispatch_uid="staffing.message")
        signals.conversation_changed.connect(
            receivers.on_conversation_changed, dispatch_uid="staffing.conversation"
        )
        promise_changed.connect(receivers.on_promise_changed, dispatch_uid="staffing.promise")
        auth_signals.user_logged_in.connect(receivers.on_logged_in, dispatch_uid="staffing.login")
        auth_signals.user_logged_out.connect(
            receivers.on_logged_out, dispatch_uid="staffing.logout"
        )
