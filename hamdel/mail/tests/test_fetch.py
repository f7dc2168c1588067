"""The IMAP fetcher against a real Dovecot: IDLE, exactly once, bad mail, a killed worker."""

import os
import signal
import sqlite3
import subprocess
import threading
import time
from email.utils import make_msgid
from pathlib import Path

import pytest

from hamdel.mail import fetch, secrets
from hamdel.mail.models import Mailbox, MailMessage, Security
from hamdel.mail.tests.dovecot import DovecotServer
from hamdel.mail.tests.dovecot import Mailbox as ImapUser
from hamdel.server.tests.processes import HAMDEL, env_for, run
from hamdel.tickets.models import Message


def letter(n: int, sender: str = "leyla@example.org") -> bytes:
    return (
        f"From: Leyla <{sender}>\r\nTo: support@hd.test\r\nSubject: Order {n}\r\n"
        f"Message-ID: {make_msgid(domain='example.org')}\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\nWhere is order {n}?\r\n"
    ).encode()


def mailbox_for(user: ImapUser) -> Mailbox:
    return Mailbox.objects.create(
        name="Support",
        address=user.username,
        imap_host=user.host,
        imap_port=user.port,
        imap_security=Security.NONE,
        username=user.username,
        password_sealed=secrets.seal(user.password),
    )


def seen_flags(dovecot: DovecotServer, user: ImapUser) -> list[bool]:
    client = dovecot.client(user)
    try:
        client.select_folder("INBOX", readonly=True)
        flags = client.fetch(client.search(["ALL"]), ["FLAGS"])
    finally:
        client.logout()
    return [b"\\Seen" in data[b"FLAGS"] for _uid, data in sorted(flags.items())]


@pytest.mark.django_db
def test_a_fetch_stores_unseen_mail_and_marks_it_seen(
    dovecot: DovecotServer, mailbox: ImapUser
) -> None:
    for n in range(3):
        dovecot.append(mailbox, letter(n))
    box = mailbox_for(mailbox)
    result = fetch.fetch_new(box)
    assert (result.stored, result.duplicates, result.failed) == (3, 0, [])
    assert Message.objects.count() == 3
    assert seen_flags(dovecot, mailbox) == [True, True, True]
    box.refresh_from_db()
    assert box.uidvalidity
    assert box.last_fetch_at is not None


@pytest.mark.django_db
def test_a_duplicate_fetch_stores_once(dovecot: DovecotServer, mailbox: ImapUser) -> None:
    for n in range(3):
        dovecot.append(mailbox, letter(n))
    box = mailbox_for(mailbox)
    fetch.fetch_new(box)
    client = dovecot.client(mailbox)
    try:  # as if the worker died after storing but before setting \Seen
        client.select_folder("INBOX")
        client.remove_flags(client.search(["ALL"]), [b"\\Seen"])
    finally:
        client.logout()
    again = fetch.fetch_new(box)
    assert (again.stored, again.duplicates) == (0, 3)
    assert Message.objects.count() == 3
    assert seen_flags(dovecot, mailbox) == [True, True, True]


@pytest.mark.django_db
def test_one_bad_message_among_good_ones_blocks_nothing(
    dovecot: DovecotServer, mailbox: ImapUser
) -> None:
    dovecot.append(mailbox, letter(1))
    dovecot.append(mailbox, b"\x00\xff\x00 this is no mail \r\n\r\n\x00--")
    broken = b"From: a@example.org\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\nbody"
    dovecot.append(mailbox, broken)
    dovecot.append(mailbox, letter(2))
    box = mailbox_for(mailbox)
    result = fetch.fetch_new(box)
    assert result.failed == []
    assert result.stored + result.flagged == 4
    assert result.flagged >= 1
    assert Message.objects.count() == 4
    assert MailMessage.objects.filter(unparsable=True).count() >= 1
    assert seen_flags(dovecot, mailbox) == [True] * 4
    box.refresh_from_db()
    assert box.flagged_count == result.flagged


@pytest.mark.django_db(transaction=True)
def test_with_idle_an_appended_message_is_stored_within_5_seconds(
    dovecot: DovecotServer, mailbox: ImapUser
) -> None:
    box = mailbox_for(mailbox)
    stop = threading.Event()
    watcher = threading.Thread(target=fetch.watch, args=(box.pk, stop, 2), daemon=True)
    watcher.start()
    try:
        time.sleep(1.0)  # the watcher has connected, fetched nothing and is IDLE
        appended = time.monotonic()
        dovecot.append(mailbox, letter(1))
        # \Seen is set only after the commit; watching it keeps the in-memory test
        # database free for the watcher.
        while seen_flags(dovecot, mailbox) != [True]:
            assert time.monotonic() - appended < 5, "not stored within 5 s"
            time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert Message.objects.count() == 1


FETCH = """
from hamdel.mail.fetch import fetch_new
from hamdel.mail.models import Mailbox
print(fetch_new(Mailbox.objects.get()).total)
"""
CREATE = """
from hamdel.mail import secrets
from hamdel.mail.models import Mailbox
Mailbox.objects.create(name="s", address="{user}", imap_host="127.0.0.1", imap_port={port},
    imap_security="none", username="{user}", password_sealed=secrets.seal("{password}"))
"""


def _count(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database, timeout=10) as connection:
        rows = connection.execute("SELECT count(*) FROM mail_mailmessage").fetchone()[0]
        ids = connection.execute(
            "SELECT count(DISTINCT header_id) FROM mail_mailmessage"
        ).fetchone()[0]
    return int(rows), int(ids)


def test_a_worker_killed_mid_batch_loses_and_doubles_nothing(
    dovecot: DovecotServer, mailbox: ImapUser, tmp_path: Path
) -> None:
    total = 80
    for n in range(total):
        dovecot.append(mailbox, letter(n, sender=f"c{n % 7}@example.org"))
    env = env_for(tmp_path)
    env.pop("HAMDEL_DATABASE_URL", None)
    run(["migrate", "--verbosity", "0"], env)
    script = CREATE.format(user=mailbox.username, port=mailbox.port, password=mailbox.password)
    run(["shell", "--no-imports", "-c", script], env)
    database = tmp_path / "hamdel.sqlite3"
    worker = subprocess.Popen(  # noqa: S603 - our own command
        [*HAMDEL, "shell", "--no-imports", "-c", FETCH],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while _count(database)[0] < 5:
            assert worker.poll() is None, "the worker finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    stored_when_killed = _count(database)[0]
    assert 0 < stored_when_killed < total, "killed mid-batch"
    assert int(run(["shell", "--no-imports", "-c", FETCH], env).strip()) >= (
        total - stored_when_killed
    )
    assert _count(database) == (total, total)
    with sqlite3.connect(database) as connection:
        messages = connection.execute("SELECT count(*) FROM tickets_message").fetchone()[0]
    assert messages == total
    assert seen_flags(dovecot, mailbox) == [True] * total
