from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class PhoneConfig(registry.DeclaringAppConfig):
    name = "hamdel.phone"
    label = "phone"
    verbose_name = _("Phone")
