"""Writes of the mail app: mailboxes (the password sealed on the way in, never out)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.mail import secrets
from hamdel.mail.models import Mailbox, Security

# A password sent without TLS is only acceptable to a server on this machine.
LOOPBACK = {"127.0.0.1", "::1", "localhost"}

EDITABLE = {
    "name",
    "address",
    "team",
    "language",
    "imap_host",
    "imap_port",
    "imap_security",
    "imap_folder",
    "username",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "poll_seconds",
    "acknowledge",
    "acknowledge_window_hours",
    "is_active",
}


def save_mailbox(mailbox: Mailbox | None, changes: dict[str, Any]) -> Mailbox:
    """Create (mailbox None) or change a mailbox. `password` in the changes is sealed
    (or kept as `env:NAME`); an empty or missing password leaves the stored one."""
    mailbox = mailbox or Mailbox()
    password = changes.pop("password", None)
    for name, value in changes.items():
        if name in EDITABLE:
            setattr(mailbox, name, value)
    if password:
        mailbox.password_sealed = secrets.seal(password)
    for host, security in (
        ("imap_host", mailbox.imap_security),
        ("smtp_host", mailbox.smtp_security),
    ):
        address = getattr(mailbox, host)
        if security == Security.NONE and address and address not in LOOPBACK:
            raise ValidationError(
                {host: _("Without TLS the password would cross the network in clear text.")}
            )
    mailbox.full_clean(exclude=["team", "password_sealed"])
    with transaction.atomic():
        mailbox.save()
    return mailbox
