"""An agent gives a coupon from the conversation page, in a real Chromium against `hamdel
run`; then a Persian agent sees the same panel right to left, with the coupon's expiry in
the Jalali calendar and Persian digits."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from hamdel.server.tests.browsing import chromium, seeded_server, signed_in

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
    with seeded_server(tmp_path_factory.mktemp("loyalty-browser"), SEED) as (base, printed):
        conversation = int(printed[-1])
        yield base, conversation


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def test_an_agent_gives_a_coupon_and_a_persian_agent_reads_it_in_jalali(
    browser: Browser, server: tuple[str, int]
) -> None:
    base, conversation = server
    page = signed_in(browser, base, "alice")
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

    persian = signed_in(browser, base, "dariush")
    persian.goto(f"{base}/conversations/{conversation}/")
    expect(persian.locator("html")).to_have_attribute("dir", "rtl")
    panel = persian.locator("#loyalty-panel")
    expect(panel).to_contain_text("دادن کوپن")
    expect(panel.locator(".coupon-code")).to_have_text(given)
    expiry = panel.locator(".coupon-expiry")
    expect(expiry).to_contain_text(re.compile(JALALI_MONTHS))
    expect(expiry).to_contain_text(re.compile("[۰-۹]"))
