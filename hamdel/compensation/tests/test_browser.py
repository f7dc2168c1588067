"""Refunds in a real Chromium against `hamdel run`: an agent grants one within her limit in
one step; one above it waits, shows who must approve and why, and the supervisor approves
it from the approvals queue; a Persian agent's page is right to left, with Persian digits
and Jalali dates."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from hamdel.server.tests.browsing import chromium, seeded_server, signed_in

pytestmark = pytest.mark.browser

JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
SEED = """
from hamdel.compensation.tests.factories import usual_limits
from hamdel.people.models import Role
from hamdel.test import make_agent, make_conversation, make_customer, make_team
team = make_team("Support")
make_agent("alice", teams=[team])
make_agent("sam", role=Role.SUPERVISOR, teams=[team])
make_agent("dariush", teams=[team], ui_language="fa")
usual_limits()
customer = make_customer("Shirin Ahmadi", language="fa")
print(make_conversation(customer, team=team, subject="Broken kettle").pk)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    with seeded_server(tmp_path_factory.mktemp("compensation-browser"), SEED) as (base, printed):
        conversation = int(printed[-1])
        yield base, conversation


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _ask(page: Page, amount: str) -> None:
    form = page.locator("#compensation-form")
    form.locator("select[name=compensation-kind]").select_option("partial_refund")
    form.locator("input[name=compensation-amount]").fill(amount)
    form.locator("select[name=compensation-currency]").select_option("USD")
    form.locator("select[name=compensation-reason]").select_option("damaged")
    form.locator("[data-request-compensation]").click()


def shoot(page: Page, name: str) -> None:
    folder = Path(__file__).resolve().parents[3] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_refund_within_the_limit_is_granted_at_once_and_one_above_waits_for_approval(
    browser: Browser, server: tuple[str, int]
) -> None:
    base, conversation = server
    alice = signed_in(browser, base, "alice")
    alice.goto(f"{base}/conversations/{conversation}/")
    _ask(alice, "20.00")
    granted = alice.locator(".compensation").first
    expect(granted).to_have_attribute("data-state", "approved")
    expect(granted).to_contain_text("$20.00")
    expect(granted.locator("[data-entry=approved]")).to_contain_text("alice")

    _ask(alice, "80.00")
    waiting = alice.locator(".compensation").first
    expect(waiting).to_have_attribute("data-state", "pending_approval")
    expect(waiting.locator("[data-why]")).to_contain_text("Approver: Supervisor.")
    expect(waiting.locator("[data-why]")).to_contain_text("above the Agent limit of $50.00")
    expect(waiting.locator("[data-approve]")).to_have_count(0)  # not hers to approve
    shoot(alice, "compensation-waiting-en")

    sam = signed_in(browser, base, "sam")
    sam.goto(f"{base}/compensation/approvals/")
    queued = sam.locator("#approvals .compensation")
    expect(queued).to_have_count(1)
    queued.locator("input[name=comment]").fill("Kettle arrived broken")
    queued.locator("[data-approve]").click()
    expect(sam.locator("#approvals")).to_contain_text("Nothing waits for your approval.")
    alice.reload()
    expect(alice.locator(".compensation").first).to_have_attribute("data-state", "approved")
    expect(alice.locator(".thread")).to_contain_text("تأیید شد")  # told in Persian


def test_the_persian_panel_is_right_to_left_with_persian_digits_and_jalali_dates(
    browser: Browser, server: tuple[str, int]
) -> None:
    base, conversation = server
    page = signed_in(browser, base, "dariush")
    page.goto(f"{base}/conversations/{conversation}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    _ask(page, "5.00")  # the panel's form on a Persian page, whatever ran before
    expect(page.locator(".compensation").first).to_have_attribute("data-state", "approved")
    panel = page.locator("#compensation")
    expect(panel).to_contain_text("بازپرداخت و جبران خسارت")
    expect(panel).to_contain_text(re.compile("[۰-۹]"))
    expect(panel.locator(".ledger").first).to_contain_text(re.compile(JALALI_MONTHS))
    shoot(page, "compensation-fa")
