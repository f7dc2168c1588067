from django.utils.translation import gettext_lazy as _

from hamdel.lib import registry


class FeedbackConfig(registry.DeclaringAppConfig):
    name = "hamdel.feedback"
    label = "feedback"
    verbose_name = _("Surveys")
