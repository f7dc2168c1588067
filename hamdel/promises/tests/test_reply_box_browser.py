"""The unrealistic promise in the reply box, in a real Chromium against `hamdel run`.

An agent types a callback due in 30 minutes; before sending they see that it is unlikely,
the realistic time, and that the team's default was used; keeping their own time asks for
a reason; one click promises the realistic time and writes the sentence, in the customer's
language, into the reply. Then the same check on a Persian page: right to left, Jalali.
"""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from hamdel.server.tests.browsing import chromium, seeded_server, signed_in

pytestmark = pytest.mark.browser

JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
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
    with seeded_server(tmp_path_factory.mktemp("promises-browser"), SEED) as (base, printed):
        conversation = int(printed[-1])
        yield base, conversation


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _type_promise(page: Page, minutes: int) -> None:
    page.click("#promise-box summary")
    page.select_option("#promise-kind", "callback")
    # The agents keep UTC (their default timezone), so the field is read in UTC.
    due = datetime.now(UTC) + timedelta(minutes=minutes)
    page.fill("#promise-due", due.strftime("%Y-%m-%dT%H:%M"))
    page.click("#promise-check-button")


def shoot(page: Page, name: str) -> None:
    folder = Path(__file__).resolve().parents[3] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_an_unrealistic_promise_is_caught_before_sending_and_the_realistic_one_sent(
    browser: Browser, server: tuple[str, int]
) -> None:
    base, conversation = server
    page = signed_in(browser, base, "alice")
    page.goto(f"{base}/conversations/{conversation}/")
    _type_promise(page, 30)
    warning = page.locator(".promise-unlikely")
    expect(warning).to_contain_text("This time is unlikely to be met.")
    expect(warning).to_contain_text("A realistic time is")
    expect(page.locator("#promise-basis")).to_contain_text("team's default")
    shoot(page, "promise-unlikely-en")

    page.click("#promise-keep-mine")  # no reason given
    expect(page.locator("#promise-check")).to_contain_text("give a reason to keep yours")

    page.click("#promise-use-realistic")
    expect(page.locator("#promise-made")).to_be_visible()
    reply = page.locator("#reply-body")
    # The customer speaks Persian: the sentence is hers, with a Jalali date.
    expect(reply).to_have_value(re.compile(f"با شما تماس می‌گیرم.*|.*({JALALI_MONTHS}).*"))
    page.click("#reply-form button[type=submit]:not([name])")
    expect(page.locator(".promise-badge").first).to_be_visible()
    expect(page.locator("#promises")).to_contain_text("Call back")
    expect(page.locator(".thread")).to_contain_text("با شما تماس می‌گیرم")
    page.goto(f"{base}/promises/mine/")
    expect(page.locator("#my-promises")).to_contain_text("Shirin Ahmadi")


def test_the_persian_reply_box_shows_the_realistic_time_in_the_jalali_calendar(
    browser: Browser, server: tuple[str, int]
) -> None:
    base, conversation = server
    page = signed_in(browser, base, "dariush")
    page.goto(f"{base}/conversations/{conversation}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    _type_promise(page, 5)
    warning = page.locator(".promise-unlikely")
    expect(warning).to_contain_text("بعید است این زمان رعایت شود.")
    expect(warning).to_contain_text(re.compile(JALALI_MONTHS))
    expect(warning).to_contain_text(re.compile("[۰-۹]"))
    expect(page.locator("#promise-use-realistic")).to_contain_text("به‌جایش")
    shoot(page, "promise-unlikely-fa")
