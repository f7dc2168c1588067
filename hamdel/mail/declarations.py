"""What the mail app adds: the email transport, the IMAP fetcher's jobs, the mailbox
pages and API with their matrix entries, and its event verbs."""

from hamdel.lib.registry import Declarations

DECLARED = Declarations(
    transports={"email": "hamdel.mail.transport:send_email"},
    job_modules=["hamdel.mail.jobs"],
)
