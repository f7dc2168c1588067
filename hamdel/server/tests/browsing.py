"""What the browser tests share: `hamdel run` on a fresh home with seeded data, Debian's
Chromium through Playwright, and an agent signed in.

    @pytest.fixture(scope="module")
    def server(tmp_path_factory):
        with seeded_server(tmp_path_factory.mktemp("name"), SEED) as (base, printed):
            yield base, int(printed[-1])   # the words SEED printed last

    @pytest.fixture(scope="module")
    def browser():
        with chromium() as launched:
            yield launched
"""

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from hamdel.server.tests.processes import env_for, free_port, run, start, stop, wait_until_up
from hamdel.test import PASSWORD

CHROMIUM = "/usr/bin/chromium"


# The first server's freshly migrated database, copied into every later server's home: a
# migration of every app takes a minute on a loaded machine, once is enough per run.
_migrated: list[Path] = []
DATABASE = "hamdel.sqlite3"


@contextmanager
def seeded_server(home: Path, seed: str = "") -> Iterator[tuple[str, list[str]]]:
    """`hamdel run` on SQLite in `home`; yields its base URL and the words `seed` (Python run
    by `hamdel shell`) printed."""
    env = env_for(home)
    env.pop("HAMDEL_DATABASE_URL", None)
    env.pop("HAMDEL_REDIS_URL", None)
    if _migrated:
        shutil.copyfile(_migrated[0], home / DATABASE)
    port, log = free_port(), home / "run.log"
    process = start(["run", "--port", str(port)], env, log)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process, log, 120)
        if not _migrated:
            _keep_migrated(home / DATABASE)
        printed = run(["shell", "--no-imports", "-c", seed], env).split() if seed else []
        yield f"http://127.0.0.1:{port}", printed
    finally:
        stop(process)


def _keep_migrated(database: Path) -> None:
    """A consistent copy of the running server's database (SQLite's online backup)."""
    copy = Path(tempfile.mkdtemp(prefix="hamdel-migrated-")) / DATABASE
    with sqlite3.connect(database) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    _migrated.append(copy)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, with no background requests."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def signed_in(browser: Browser, base: str, username: str) -> Page:
    """A new page of a new context, signed in as `username` (the tests' password)."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"{base}/inbox/**")
    return page
