"""Writes of the mail app: mailboxes (the password sealed on the way in, never out)."""

from typing import Any

from django.db import transaction

from hamdel.mail import secrets
from hamdel.mail.models import Mailbox

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
    mailbox.full_clean(exclude=["team", "password_sealed"])
    with transaction.atomic():
        mailbox.save()
    return mailbox
