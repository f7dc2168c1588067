"""IMAP in: fetch a mailbox's unseen mail and store each message exactly once.

`fetch_new(mailbox)` reads every UNSEEN message with BODY.PEEK[] (reading does not mark
it), stores it through `inbound.ingest` (its own transaction), and only after that commit
sets \\Seen. A worker killed at any point loses nothing (the message is still unseen and
is fetched again) and doubles nothing (ingest finds the UID or the Message-ID stored and
answers "duplicate", after which the flag is set). One message that fails to store is
left unseen, counted and skipped; the ones after it flow on.

`watch(mailbox_id, stop)` is the long-lived loop: IDLE where the server has it (a new
message is fetched within a second or two of arriving), else a poll every
`poll_seconds`. It runs in a daemon thread started by `jobs.fetch_mail`.
"""

import contextlib
import logging
import ssl
import threading
from dataclasses import dataclass, field

from django.db import close_old_connections
from django.utils import timezone
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from hamdel.mail import secrets
from hamdel.mail.acknowledge import acknowledge
from hamdel.mail.inbound import Status, ingest
from hamdel.mail.models import Mailbox, Security

log = logging.getLogger(__name__)

FETCH_BATCH = 25  # messages fetched per round trip; a killed worker re-fetches at most these
IMAP_TIMEOUT_SECONDS = 60
# Servers drop IDLE after 30 minutes (RFC 2177 asks clients to renew within 29); shorter
# keeps a stopped watcher from lingering and catches mail an IDLE push missed.
IDLE_SECONDS = 60
SEEN = b"\\Seen"


@dataclass
class Fetched:
    stored: int = 0
    duplicates: int = 0
    flagged: int = 0
    failed: list[int] = field(default_factory=list)  # UIDs left unseen for the next fetch

    @property
    def total(self) -> int:
        return self.stored + self.duplicates + self.flagged


def connect(mailbox: Mailbox) -> IMAPClient:
    use_ssl = mailbox.imap_security == Security.TLS
    client = IMAPClient(
        mailbox.imap_host,
        port=mailbox.imap_port,
        ssl=use_ssl,
        ssl_context=ssl.create_default_context() if use_ssl else None,
        timeout=IMAP_TIMEOUT_SECONDS,
    )
    if mailbox.imap_security == Security.STARTTLS:
        client.starttls(ssl.create_default_context())
    client.login(mailbox.username, secrets.unseal(mailbox.password_sealed))
    return client


def _select(client: IMAPClient, mailbox: Mailbox) -> int:
    status = client.select_folder(mailbox.imap_folder)
    uidvalidity = int(status[b"UIDVALIDITY"])
    if mailbox.uidvalidity != uidvalidity:
        # Renumbered UIDs: the Message-ID key still keeps what was stored from doubling.
        Mailbox.objects.filter(pk=mailbox.pk).update(uidvalidity=uidvalidity)
        mailbox.uidvalidity = uidvalidity
    return uidvalidity


def fetch_with(client: IMAPClient, mailbox: Mailbox, uidvalidity: int) -> Fetched:
    """Store every unseen message of the selected folder; see the module docstring."""
    result = Fetched()
    ours = list(Mailbox.objects.values_list("address", flat=True))
    uids = sorted(client.search(["UNSEEN"]))
    for start in range(0, len(uids), FETCH_BATCH):
        batch = uids[start : start + FETCH_BATCH]
        for uid, data in sorted(client.fetch(batch, ["BODY.PEEK[]"]).items()):
            raw = data.get(b"BODY[]") or b""
            try:
                done = ingest(
                    raw, mailbox=mailbox, uidvalidity=uidvalidity, uid=uid, our_addresses=ours
                )
            except Exception:
                # Left unseen: fetched again next time; the ones after it go on.
                log.exception("mailbox %s: UID %s could not be stored", mailbox.pk, uid)
                result.failed.append(uid)
                continue
            if done.status == Status.DUPLICATE:
                result.duplicates += 1
            elif done.status == Status.FLAGGED:
                result.flagged += 1
            else:
                result.stored += 1
            client.add_flags([uid], [SEEN])  # only now: the message is committed
            try:
                acknowledge(done, mailbox)
            except Exception:
                log.exception("mailbox %s: UID %s not acknowledged", mailbox.pk, uid)
    Mailbox.objects.filter(pk=mailbox.pk).update(
        last_fetch_at=timezone.now(),
        last_error=(
            f"{len(result.failed)} message(s) could not be stored" if result.failed else ""
        ),
    )
    return result


def fetch_new(mailbox: Mailbox) -> Fetched:
    client = connect(mailbox)
    try:
        return fetch_with(client, mailbox, _select(client, mailbox))
    finally:
        with contextlib.suppress(IMAPClientError, OSError):
            client.logout()


def _record_error(mailbox: Mailbox, error: Exception) -> None:
    Mailbox.objects.filter(pk=mailbox.pk).update(last_error=str(error)[:500])


def watch(mailbox_id: int, stop: threading.Event, idle_seconds: float = IDLE_SECONDS) -> None:
    """Fetch, then IDLE (or sleep) until something arrives, until `stop` is set."""
    while not stop.is_set():
        close_old_connections()
        mailbox = Mailbox.objects.filter(pk=mailbox_id, is_active=True).first()
        if mailbox is None:
            return
        try:
            client = connect(mailbox)
            try:
                uidvalidity = _select(client, mailbox)
                idle = b"IDLE" in client.capabilities()
                while not stop.is_set():
                    fetch_with(client, mailbox, uidvalidity)
                    if not idle:
                        stop.wait(mailbox.poll_seconds)
                        continue
                    client.idle()
                    try:
                        client.idle_check(timeout=idle_seconds)
                    finally:
                        client.idle_done()
            finally:
                with contextlib.suppress(IMAPClientError, OSError):
                    client.logout()
        except Exception as error:
            log.warning("mailbox %s: %s", mailbox_id, error)
            _record_error(mailbox, error)
            stop.wait(min(mailbox.poll_seconds, 60))
        finally:
            close_old_connections()
