"""The fetch_mail job `hamdel run` and `hamdel worker` run every minute: it starts one
watcher per active mailbox in the process, and a second run starts no second one."""

import time

import pytest

from hamdel.mail import fetch, jobs
from hamdel.mail.tests.dovecot import DovecotServer
from hamdel.mail.tests.dovecot import Mailbox as ImapUser
from hamdel.mail.tests.test_fetch import letter, mailbox_for, seen_flags


@pytest.mark.django_db(transaction=True)
def test_the_job_starts_one_watcher_per_mailbox_that_stores_new_mail(
    dovecot: DovecotServer, mailbox: ImapUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "IDLE_SECONDS", 1)  # so the watcher stops with the test
    dovecot.append(mailbox, letter(1))  # waiting before the worker started
    mailbox_for(mailbox)
    try:
        assert jobs.fetch_mail.call_local() == 1
        assert jobs.fetch_mail.call_local() == 1  # the same watcher, still running
        deadline = time.monotonic() + 10
        while seen_flags(dovecot, mailbox) != [True]:
            assert time.monotonic() < deadline, "the waiting message was not fetched"
            time.sleep(0.1)
    finally:
        jobs.stop_watchers(wait_seconds=10)
