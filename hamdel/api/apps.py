from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class ApiConfig(registry.DeclaringAppConfig):
    name = "hamdel.api"
    verbose_name = _("API")
