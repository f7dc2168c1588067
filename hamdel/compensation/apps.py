from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class CompensationConfig(registry.DeclaringAppConfig):
    name = "hamdel.compensation"
    label = "compensation"
    verbose_name = _("Compensation")
