from hamdel.lib import registry


class TinyAppConfig(registry.DeclaringAppConfig):
    """A test-only app that adds one of everything an app may declare (declarations.py).

    hamdel/test_settings.py installs it for the test suite only; test_registered_app.py
    shows each addition where it belongs, with no edit to any other app's list.
    """

    name = "hamdel.lib.tests.tinyapp"
    label = "tinyapp"
    verbose_name = "Tiny app (tests only)"

    def ready(self) -> None:
        super().ready()
        from hamdel.lib.tests.tinyapp import panels, receivers
        from hamdel.people import signals
        from hamdel.tickets import signals as ticket_signals

        ticket_signals.status_changing.connect(
            panels.refuse_solving_a_waving_subject, dispatch_uid="tinyapp.status_changing"
        )

        signals.customer_merged.connect(
            receivers.on_customer_merged, dispatch_uid="tinyapp.customer_merged"
        )
        signals.customer_unmerged.connect(
            receivers.on_customer_unmerged, dispatch_uid="tinyapp.customer_unmerged"
        )
