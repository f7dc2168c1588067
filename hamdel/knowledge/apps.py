from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class KnowledgeConfig(registry.DeclaringAppConfig):
    name = "hamdel.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")
