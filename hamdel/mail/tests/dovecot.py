"""A real Dovecot IMAP server for tests, on a free 127.0.0.1 port, all state in a temp dir.

`dovecot -F -c <dir>/dovecot.conf` runs in the foreground with passwd-file users,
plaintext logins without TLS (loopback only) and maildirs under the same temp dir.
As root (this machine, CI) mail belongs to the `dovecot` system user and the login
processes run as `dovenull`, so the temp dir is made world-traversable; as another user
everything runs as that user, without chroots. Written for Dovecot 2.3 (Debian 12);
Dovecot 2.4 renamed settings (disable_plaintext_auth → auth_allow_cleartext, and the
passdb/userdb blocks), so a 2.4 machine gets a clear error from `start_dovecot`.

Each test takes its own mailbox with `DovecotServer.new_mailbox()`: a user of its own,
from a pool written into the passwd file before start-up (Dovecot re-reads a changed
passwd file at most once a second, so users added later cost a second each).
"""

import grp
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from imapclient import IMAPClient

STARTUP_SECONDS = 15.0
# Users written before Dovecot starts; a test session rarely needs more.
MAILBOX_POOL = 64
APPENDUID = re.compile(rb"\[APPENDUID (\d+) (\d+)\]")


class DovecotUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    username: str
    password: str


@dataclass
class DovecotServer:
    root: Path
    port: int
    host: str = "127.0.0.1"
    process: subprocess.Popen[bytes] | None = None
    mail_uid: int = 0
    mail_gid: int = 0
    users: list[str] = field(default_factory=list)
    pool: list[Mailbox] = field(default_factory=list)

    @property
    def users_file(self) -> Path:
        return self.root / "users"

    @property
    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _add_user(self) -> Mailbox:
        username = f"box{len(self.users) + 1}-{secrets.token_hex(3)}@hd.test"
        password = secrets.token_urlsafe(12)
        home = self.root / "home" / username
        line = f"{username}:{{PLAIN}}{password}:{self.mail_uid}:{self.mail_gid}::{home}::\n"
        with self.users_file.open("a") as users:
            users.write(line)
        self.users.append(username)
        return Mailbox(self.host, self.port, username, password)

    def new_mailbox(self) -> Mailbox:
        """A user of its own with an empty INBOX, from the pool written before start-up."""
        if self.pool:
            return self.pool.pop(0)
        # Dovecot re-reads a changed passwd file at most once a second.
        mailbox = self._add_user()
        time.sleep(1.1)
        return mailbox

    def client(self, mailbox: Mailbox) -> IMAPClient:
        client = IMAPClient(mailbox.host, port=mailbox.port, ssl=False, timeout=10)
        client.login(mailbox.username, mailbox.password)
        return client

    def append(
        self, mailbox: Mailbox, raw: bytes, folder: str = "INBOX", flags: tuple[str, ...] = ()
    ) -> int:
        """APPEND one message as a mail server's delivery would; returns its UID."""
        client = self.client(mailbox)
        try:
            response = client.append(folder, raw, flags=flags)
        finally:
            client.logout()
        match = APPENDUID.search(response if isinstance(response, bytes) else b"")
        if match is None:
            raise DovecotUnavailable(f"APPEND gave no UID: {response!r}")
        return int(match.group(2))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot") if os.path.exists(p)), None
    )


def _version(binary: str) -> tuple[int, int]:
    output = subprocess.run(  # noqa: S603 - a fixed local binary
        [binary, "--version"], capture_output=True, text=True, check=False, timeout=10
    ).stdout
    found = re.match(r"(\d+)\.(\d+)", output.strip())
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


def _config(server: DovecotServer, *, as_root: bool, me: str, my_group: str) -> str:
    root = server.root
    if as_root:
        users = "default_login_user = dovenull\ndefault_internal_user = dovecot\n"
        chroots = ""
    else:
        users = (
            f"default_login_user = {me}\ndefault_internal_user = {me}\n"
            f"default_internal_group = {my_group}\n"
        )
        chroots = (
            "service anvil {\n  chroot =\n}\n"
            "service imap-login {\n  chroot =\n}\n"
            "service auth {\n  user = $default_internal_user\n}\n"
        )
    return f"""# Written by hamdel/mail/tests/dovecot.py for one test session.
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:~/Maildir
{users}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {server.users_file}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {server.users_file}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {server.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
{chroots}"""


def _wait_until_ready(server: DovecotServer) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process is not None and server.process.poll() is not None:
            raise DovecotUnavailable(f"dovecot exited ({server.process.returncode}):\n{server.log}")
        with (
            suppress(OSError),
            socket.create_connection((server.host, server.port), timeout=1) as s,
        ):
            if s.recv(100).startswith(b"* OK"):
                return
        time.sleep(0.05)
    raise DovecotUnavailable(f"dovecot did not greet within {STARTUP_SECONDS} s:\n{server.log}")


@contextmanager
def start_dovecot() -> Iterator[DovecotServer]:
    binary = dovecot_binary()
    if binary is None:
        raise DovecotUnavailable("dovecot is not installed (apt-get install dovecot-imapd)")
    if _version(binary) >= (2, 4):
        raise DovecotUnavailable("Dovecot 2.4 needs a rewritten test configuration")
    as_root = os.geteuid() == 0
    me = pwd.getpwuid(os.geteuid())
    root = Path(tempfile.mkdtemp(prefix="hamdel-dovecot-"))
    try:
        if as_root:
            mail_user = pwd.getpwnam("dovecot")
            uid, gid = mail_user.pw_uid, mail_user.pw_gid
            root.chmod(0o755)  # dovenull and dovecot traverse it to the sockets and mail
        else:
            uid, gid = os.geteuid(), os.getegid()
        for folder in ("run", "state", "home"):
            (root / folder).mkdir()
        (root / "home").chmod(0o777)  # the mail user creates each user's home below it
        server = DovecotServer(root=root, port=free_port(), mail_uid=uid, mail_gid=gid)
        server.users_file.write_text("")
        server.pool = [server._add_user() for _ in range(MAILBOX_POOL)]
        my_group = grp.getgrgid(me.pw_gid).gr_name
        config = _config(server, as_root=as_root, me=me.pw_name, my_group=my_group)
        (root / "dovecot.conf").write_text(config)
        server.process = subprocess.Popen(  # noqa: S603 - a fixed local binary and our own config
            _dying_with_parent([binary, "-F", "-c", str(root / "dovecot.conf")]),
            stdout=subprocess.DEVNULL,
            stderr=(root / "stderr.log").open("wb"),
            start_new_session=True,
        )
        try:
            _wait_until_ready(server)
            yield server
        finally:
            _stop(server)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _dying_with_parent(command: list[str]) -> list[str]:
    """Linux: `setpriv --pdeathsig TERM` (util-linux, always on Debian) makes the kernel
    stop Dovecot's master when the test process dies, even by SIGKILL, so a killed run
    leaves no Dovecot behind. (A preexec_fn would do the same but is unsafe once the test
    process has threads.)"""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", *command] if setpriv else command


def _stop(server: DovecotServer) -> None:
    process = server.process
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # the master stops its own children
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
