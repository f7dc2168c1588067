from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class WebformConfig(registry.DeclaringAppConfig):
    name = "hamdel.webform"
    label = "webform"
    verbose_name = _("Web form")
