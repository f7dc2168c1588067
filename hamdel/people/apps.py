from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class PeopleConfig(registry.DeclaringAppConfig):
    name = "hamdel.people"
    verbose_name = _("People")
