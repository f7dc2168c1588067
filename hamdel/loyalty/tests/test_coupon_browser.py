"""An agent gives a coupon from the conversation page, in a real Chromium against `hamdel
run`; then a Persian agent sees the same panel right to left, with the coupon's expiry in
the Jalali calendar and Persian digits."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from hamdel.server.tests.processes import env_for, free_port, run, start, stop, wait_until_up

pytestmark = pytest.mark.browser

JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
CODE = r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}"
SEED = """
from hamdel.test import make_agent, make_conversation, make_customer, make_team
team = make_team("Support")
make_agent("alice", teams=[team])
make_agent("dariush", teams=[team], ui_language="fa")
customer = make_customer("Shirin Ahmadi", language="fa")
print(make_conversation(customer, team=team, subject="Router is down").pk)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    home = tmp_path_factory.mktemp("loyalty-browser")
    env = env_for(home)
    env.pop("HAMDEL_DATABASE_URL", None)
    env.pop("HAMDEL_REDIS_URL", None)
    port, log = free_port(), home / "run.log"
    process = start(["run", "--port", str(port)], env, log)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process, log, 120)
        conversation = int(run(["shell", "--no-imports", "-c", SEED], env).split()[-1])
        yield f"http://127.0.0.1:{port}", conversation
    finally:
        stop(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def _signed_in(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("form [type=submit]")
    page.wait_for_url(f"{base}/inbox/**")
    return page


def test_an_agent_gives_a_coupon_and_a_persian_agent_reads_it_in_jalali(
    browser: Browser, server: tuple[str, int]
) -> None:
    base, conversation = server
    page = _signed_in(browser, base, "alice")
    page.goto(f"{base}/conversations/{conversation}/")
    panel = page.locator("#loyalty-panel")
    expect(panel).to_contain_text("Your limit: 10% or 10 EUR.")
    page.click("#loyalty-give-coupon summary")
    page.fill("#coupon-value", "25")  # above the agent's limit
    page.click("#coupon-give")
    expect(page.locator("body")).to_contain_text("You may give at most 10% off.")
    expect(page.locator("#loyalty-coupons")).to_have_count(0)
    page.click("#loyalty-give-coupon summary")
    page.fill("#coupon-value", "10")
    page.click("#coupon-give")
    code = page.locator("#loyalty-coupons .coupon-code")
    expect(code).to_have_count(1)
    expect(code).to_have_text(re.compile(CODE))
    given = code.inner_text()

    persian = _signed_in(browser, base, "dariush")
    persian.goto(f"{base}/conversations/{conversation}/")
    expect(persian.locator("html")).to_have_attribute("dir", "rtl")
    panel = persian.locator("#loyalty-panel")
    expect(panel).to_contain_text("دادن کوپن")
    expect(panel.locator(".coupon-code")).to_have_text(given)
    expiry = panel.locator(".coupon-expiry")
    expect(expiry).to_contain_text(re.compile(JALALI_MONTHS))
    expect(expiry).to_contain_text(re.compile("[۰-۹]"))
