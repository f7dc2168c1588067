"""What the mail app adds: the email transport, the IMAP fetcher's jobs, the mailbox
pages and API with their matrix entries, and its event verbs."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount

DECLARED = Declarations(
    transports={"email": "hamdel.mail.transport:send_email"},
    job_modules=["hamdel.mail.jobs"],
)
