"""What the api app adds: the events of API tokens."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations

DECLARED = Declarations(
    event_verbs={
        "token.created": _("created an API token"),
        "token.revoked": _("revoked an API token"),
    },
    job_modules=["hamdel.api.jobs"],
)
