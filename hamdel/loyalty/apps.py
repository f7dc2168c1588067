from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class LoyaltyConfig(registry.DeclaringAppConfig):
    name = "hamdel.loyalty"
    label = "loyalty"
    verbose_name = _("Loyalty")
