"""What the mail app adds: the email transport, the IMAP fetcher's jobs, the mailbox
pages and API with their matrix entries."""

from hamdel.lib.registry import Declarations, Mount

DECLARED = Declarations(
    transports={"email": "hamdel.mail.transport:send_email"},
    job_modules=["hamdel.mail.jobs"],
    matrix="hamdel.mail.tests.matrix",
    urls=[Mount("mail/", "hamdel.mail.urls")],
    api_routers=[Mount("/mail", "hamdel.mail.api:router")],
)
