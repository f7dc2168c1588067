from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class ComplaintsConfig(registry.DeclaringAppConfig):
    name = "hamdel.complaints"
    label = "complaints"
    verbose_name = _("Complaints")
