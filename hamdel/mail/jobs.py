"""Huey jobs of the mail app: thin wrappers over mail.fetch and mail.acknowledge.

`fetch_mail` runs every minute in `hamdel run` and `hamdel worker`: it starts (once per
process) a watcher thread per active mailbox, which IDLEs or polls (mail.fetch.watch), and
fetches the mailboxes whose watcher is not running. Running it twice, or in two workers,
costs a second fetch that finds nothing new: ingestion is exactly once.
"""

import threading

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hamdel.mail import fetch
from hamdel.mail.models import Mailbox

_watchers: dict[int, tuple[threading.Thread, threading.Event]] = {}
_lock = threading.Lock()


def start_watcher(mailbox_id: int) -> threading.Event:
    """A watcher thread for the mailbox, unless one already runs in this process."""
    with _lock:
        running = _watchers.get(mailbox_id)
        if running is not None and running[0].is_alive():
            return running[1]
        stop = threading.Event()
        thread = threading.Thread(
            target=fetch.watch,
            args=(mailbox_id, stop, fetch.IDLE_SECONDS),
            name=f"mail-{mailbox_id}",
            daemon=True,
        )
        _watchers[mailbox_id] = (thread, stop)
        thread.start()
        return stop


def stop_watchers(wait_seconds: float = 0) -> None:
    """Stop this process's watchers; each ends after its current IDLE wait."""
    with _lock:
        running = list(_watchers.values())
        _watchers.clear()
    for _thread, stop in running:
        stop.set()
    for thread, _stop in running:
        thread.join(timeout=wait_seconds)


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]  # huey has no hints
def fetch_mail() -> int:
    for mailbox_id in Mailbox.objects.filter(is_active=True).values_list("pk", flat=True):
        start_watcher(mailbox_id)
    return len(_watchers)


@db_task()  # type: ignore[untyped-decorator]  # likewise
def fetch_mailbox(mailbox_id: int) -> int:
    """One fetch now (the admin page's "Fetch now")."""
    mailbox = Mailbox.objects.get(pk=mailbox_id)
    return fetch.fetch_new(mailbox).total
