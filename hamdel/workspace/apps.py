from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class WorkspaceConfig(registry.DeclaringAppConfig):
    name = "hamdel.workspace"
    verbose_name = _("Agent workspace")
