import os
from collections.abc import Iterator

import pytest

from hamdel.mail.tests.dovecot import DovecotServer, DovecotUnavailable, Mailbox, start_dovecot
from hamdel.tickets.tests.smtp_sink import Sink, smtp_sink


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    """One Dovecot for the session; tests take their own mailbox from it."""
    try:
        with start_dovecot() as server:
            yield server
    except DovecotUnavailable as error:
        # CI must run the IMAP tests; a developer without Dovecot is told what is missing.
        if os.environ.get("CI"):
            pytest.fail(str(error))
        pytest.skip(str(error))


@pytest.fixture
def mailbox(dovecot: DovecotServer) -> Mailbox:
    return dovecot.new_mailbox()


@pytest.fixture
def sink() -> Iterator[Sink]:
    """The lead's aiosmtpd sink (hamdel/tickets/tests/smtp_sink.py), reused for mail."""
    with smtp_sink() as running:
        yield running
