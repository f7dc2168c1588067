from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class StaffingConfig(registry.DeclaringAppConfig):
    name = "hamdel.staffing"
    label = "staffing"
    verbose_name = _("Staffing")
