"""Routing and the plan in a real Chromium against `hamdel run`.

A Persian customer writes to a team that routes its work; nobody is signed in, so the
conversation waits. Dariush, who speaks Persian, signs in: it is offered to him, and his
page (right to left, Persian digits, Jalali dates) says why; he declines with a reason
and, nobody else being available, it waits visibly, explained. Then a supervisor sees
required against scheduled agents as a chart, with the forecast's backtest beside it.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from hamdel.server.tests.browsing import chromium, seeded_server, signed_in

pytestmark = pytest.mark.browser

JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
SEED = """
from hamdel.people.models import Role
from hamdel.staffing.actions import update_queue
from hamdel.test import make_agent, make_conversation, make_customer, make_team
team = make_team("Support")
update_queue(team, None, routing_enabled=True)
make_agent("alice", teams=[team], languages=["en"])
make_agent("dariush", teams=[team], ui_language="fa", languages=["fa", "en"])
make_agent("sam", teams=[team], role=Role.SUPERVISOR)
customer = make_customer("Shirin Ahmadi", language="fa")
conversation = make_conversation(customer, team=team, subject="Router is down")
print(team.pk, conversation.number)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, int]]:
    with seeded_server(tmp_path_factory.mktemp("staffing-browser"), SEED) as (base, printed):
        team, number = (int(word) for word in printed[-2:])
        yield base, team, number


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def shoot(page: Page, name: str) -> None:
    folder = Path(__file__).resolve().parents[3] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _persian_digits(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def test_a_persian_agent_gets_the_persian_conversation_declines_it_and_it_waits_visibly(
    browser: Browser, server: tuple[str, int, int]
) -> None:
    base, _team, number = server
    page = signed_in(browser, base, "dariush")  # signing in makes him available
    page.goto(f"{base}/staffing/me/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("روز من")
    expect(page.locator("#my-items")).to_contain_text(f"#{_persian_digits(number)}")
    expect(page.locator("#presence [aria-pressed=true]")).to_have_text("در دسترس")
    page.locator("#my-items a").first.click()
    expect(page.locator("#routing-panel")).to_contain_text("واگذار به dariush: به fa صحبت می‌کند")
    shoot(page, "staffing-routed-fa")
    page.goto(f"{base}/staffing/me/")
    page.fill("#my-items input[name=reason]", "در تماس طولانی هستم")
    page.click("#my-items button[type=submit]")
    expect(page.locator("body")).to_contain_text("رد شد؛ به کارشناس بعدی می‌رود.")
    page.goto(f"{base}/staffing/waiting/")
    waiting = page.locator("#waiting")
    expect(waiting).to_contain_text("در انتظار: هیچ‌کس در تیم در دسترس نیست")
    expect(waiting).to_contain_text(re.compile(JALALI_MONTHS))
    shoot(page, "staffing-waiting-fa")


def test_a_supervisor_sees_required_against_scheduled_agents_with_the_backtest(
    browser: Browser, server: tuple[str, int, int]
) -> None:
    base, team, _number = server
    page = signed_in(browser, base, "sam")
    page.goto(f"{base}/staffing/")
    expect(page.locator("#queues")).to_contain_text("Support")
    page.goto(f"{base}/staffing/teams/{team}/?interval=60")
    chart = page.locator("#staffing-chart svg")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(24)
    expect(page.locator("#backtest")).to_contain_text("Seasonal naive")
    expect(page.locator("#forecast-method")).to_contain_text("Too little history")
    shoot(page, "staffing-plan-en")
