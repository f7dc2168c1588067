"""A Persian supervisor opens a valuable customer in a real Chromium against `hamdel run`:
the page is right to left, the value panel shows the lifetime value and the probability of
still being a customer in Persian digits, the fit's date in the Jalali calendar, and why
the customer is platinum; setting the tier by hand says so."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from hamdel.server.tests.browsing import chromium, seeded_server, signed_in

pytestmark = pytest.mark.browser

JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
PERSIAN_DIGIT = "[۰-۹]"
SEED = """
from hamdel.people.models import Role
from hamdel.test import make_agent, make_team
from hamdel.value import actions
from hamdel.value.models import CustomerValue
from hamdel.value.tests.factories import seed_customers
team = make_team("Support")
make_agent("parisa", role=Role.SUPERVISOR, teams=[team], ui_language="fa")
seed_customers(60)
assert actions.fit_values().state == "ok"
print(CustomerValue.objects.get(rank=1).customer_id)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    with seeded_server(tmp_path_factory.mktemp("value-browser"), SEED) as (base, printed):
        customer = int(printed[-1])
        yield base, customer


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _shoot(page: Page, name: str) -> None:
    folder = Path(__file__).resolve().parents[3] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_persian_customer_page_shows_the_value_and_why_the_tier(
    server: tuple[str, int], browser: Browser
) -> None:
    base, customer = server
    page = signed_in(browser, base, "parisa")
    page.goto(f"{base}/customers/{customer}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    panel = page.locator("#customer-value")
    expect(panel.locator("#value-lifetime")).to_contain_text(re.compile(PERSIAN_DIGIT))
    expect(panel.locator("#value-lifetime")).to_contain_text("هفته")
    expect(panel.locator("#value-alive")).to_contain_text(re.compile(PERSIAN_DIGIT + ".*%"))
    expect(panel).to_contain_text(re.compile(JALALI_MONTHS))
    reason = panel.locator("#tier-reason")
    expect(reason).to_contain_text("پلاتینیوم")
    expect(reason).to_contain_text("برتر")
    expect(reason).to_contain_text("رتبهٔ ۱ از ۶۰")
    expect(page.locator("#value-header")).to_be_visible()
    _shoot(page, "value-customer-fa")

    page.select_option("#manual-tier select[name=tier]", "vip")
    page.fill("#manual-tier input[name=note]", "نمایندهٔ فروش ما")
    page.click("#manual-tier [type=submit]")
    expect(reason).to_contain_text("دستی")
    expect(reason).to_contain_text("نمایندهٔ فروش ما")
    expect(page.locator("#value-header")).to_contain_text("سطح به‌دست تعیین شده")
