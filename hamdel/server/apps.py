from django.apps import AppConfig


class ServerConfig(AppConfig):
    """The processes: `hamdel run` (all in one), `hamdel web`, `hamdel worker`."""

    name = "hamdel.server"
    verbose_name = "Server"
