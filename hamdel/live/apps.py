from hamdel.lib import registry


class LiveConfig(registry.DeclaringAppConfig):
    """Django Channels: the live inbox, collision notices and in-app notifications."""

    name = "hamdel.live"
    verbose_name = "Live"

    def ready(self) -> None:
        super().ready()
        # The jobs module registers its tasks with Huey, for `hamdel run`'s consumer too.
        from hamdel.live import jobs, receivers  # noqa: F401

        receivers.connect()
