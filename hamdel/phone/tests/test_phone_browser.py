"""A PBX bridge posting the documented events: the supervisor's wallboard (in Persian,
right to left) shows the live service level, and the missed call's callback reaches the
agent's phone desk within seconds."""

import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from hamdel.server.tests.processes import env_for, run, running_app
from hamdel.test import PASSWORD

pytestmark = pytest.mark.browser

LIVE_MS = 5000
SETUP = """
from hamdel.people.models import Agent, Team
from hamdel.phone import actions
sam = Agent.objects.get(user__username="sam")
sam.ui_language = "fa"
sam.save(update_fields=["ui_language"])
team = Team.objects.get(name="Support")
integration = actions.create_integration(name="Asterisk", kind="generic", team=team, actor=None)
print(actions.integration_url(integration))
"""


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def _log_in(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context().new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"{base}/inbox/**")
    return page


def _post(url: str, fields: dict[str, str]) -> None:
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        assert response.status == 200


def test_a_missed_call_reaches_the_wallboard_and_the_agents_callbacks_live(
    tmp_path: Path, browser: Browser
) -> None:
    with running_app(tmp_path) as (port, _people):
        base = f"http://127.0.0.1:{port}"
        printed = run(["shell", "-c", SETUP], env_for(tmp_path)).strip().splitlines()[-1]
        hook = base + urllib.parse.urlsplit(printed).path
        sam, alice = _log_in(browser, base, "sam"), _log_in(browser, base, "alice")
        sam.goto(f"{base}/phone/wallboard/")
        expect(sam.locator("html")).to_have_attribute("dir", "rtl")
        alice.goto(f"{base}/phone/")
        expect(alice.locator("[data-phone-status]")).to_contain_text("Connected", timeout=LIVE_MS)
        row = sam.locator("[id^=wallboard-team-] .offered")
        expect(row).to_have_text("۰")

        numbers = {"callId": "b1", "from": "09121234567", "to": "+982188001000"}
        rang = str(int(time.time()) - 30)  # the caller waited 30 s: no short abandon
        _post(
            hook,
            {
                "event": "newCall",
                "direction": "in",
                **numbers,
                "user[]": "alice",
                "timestamp": rang,
            },
        )
        expect(alice.locator("[data-phone-pop]")).to_be_visible(timeout=LIVE_MS)
        _post(hook, {"event": "hangup", "callId": "b1", "cause": "noAnswer"})
        expect(row).to_have_text("۱", timeout=LIVE_MS)  # offered, in Persian digits
        callback = alice.locator("[data-phone-callbacks] li", has_text="+989121234567")
        expect(callback).to_be_visible(timeout=LIVE_MS)
