from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class ValueConfig(registry.DeclaringAppConfig):
    name = "hamdel.value"
    label = "value"
    verbose_name = _("Customer value")
