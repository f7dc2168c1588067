"""Hostile HTML from customers is shown as text in the agent UI and never runs script."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog

from hamdel.live.tests.test_live_browser import browser, log_in  # noqa: F401 - fixture
from hamdel.server.tests.processes import api_post, running_app

pytestmark = pytest.mark.browser

HOSTILE_NAME = "<img src=x onerror=\"document.title='pwned'\">Mallory"
HOSTILE_SUBJECT = "<script>document.title='pwned'</script>Refund"
HOSTILE_HTML = "<p>Hello</p><img src=x onerror=\"document.title='pwned'\"><script>alert(1)</script>"


def test_hostile_html_in_a_message_or_customer_name_never_runs_script(
    tmp_path: Path,
    browser: Browser,  # noqa: F811 - the fixture
) -> None:
    with running_app(tmp_path) as (port, people):
        base = f"http://127.0.0.1:{port}"
        created = api_post(
            port,
            people["token"],
            "/conversations",
            {
                "subject": HOSTILE_SUBJECT,
                "channel": "email",
                "customer": {"name": HOSTILE_NAME, "email": "mallory@example.com"},
                "message": {"body": HOSTILE_NAME},
            },
        )
        api_post(
            port,
            people["token"],
            f"/conversations/{created['id']}/messages",
            {"html": HOSTILE_HTML, "direction": "inbound"},
        )
        page = log_in(browser, base, "alice")
        dialogs: list[str] = []

        def refuse(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", refuse)
        for path in ["/inbox/?view=all", f"/conversations/{created['id']}/"]:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            assert page.title() != "pwned", path
            assert page.locator("text=Mallory").first.is_visible()
        assert page.get_by_text(HOSTILE_SUBJECT).first.is_visible()  # shown as text
        assert dialogs == []
