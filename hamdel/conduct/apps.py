from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class ConductConfig(registry.DeclaringAppConfig):
    name = "hamdel.conduct"
    label = "conduct"
    verbose_name = _("Conduct")
