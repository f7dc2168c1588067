"""A complaint from arrival to root cause in a real Chromium against `hamdel run`, then the
Persian desk and alert pages (right to left, Jalali dates, the alert's sentence).

The customer writes in as a complaint; it lands on the complaints desk; a supervisor finds
it on the desk page, is refused when solving it without a root cause, fills in the root
cause and what was done, and solves it. A spike the seed builds shows on the alerts page,
where a Persian supervisor records the decision.
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
from datetime import timedelta
from django.utils import timezone
from hamdel.complaints import actions, spikes
from hamdel.complaints.tests.factories import bulk_complaints, make_complaint
from hamdel.people.models import Role
from hamdel.test import make_agent, make_customer, make_team
team = make_team("Support")
make_agent("sam", role=Role.SUPERVISOR, teams=[team])
make_agent("dariush", role=Role.SUPERVISOR, teams=[team], ui_language="fa")
actions.save_root_cause(None, name="Double charge")
fee = actions.save_root_cause(None, name="Delivery fee")
now = timezone.now()
bulk_complaints([(now - timedelta(days=7 * w + 1), fee, "fee") for w in range(1, 9)])
bulk_complaints([(now - timedelta(hours=h + 1), fee, "fee") for h in range(6)])
spikes.detect_spikes(now)
customer = make_customer("Shirin Ahmadi", language="fa")
conversation = make_complaint(customer, subject="Charged twice", team=team)
print(conversation.pk)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    with seeded_server(tmp_path_factory.mktemp("complaints-browser"), SEED) as (base, printed):
        conversation = int(printed[-1])
        yield base, conversation


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def shoot(page: Page, name: str) -> None:
    folder = Path(__file__).resolve().parents[3] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_complaint_from_arrival_to_root_cause(browser: Browser, server: tuple[str, int]) -> None:
    base, conversation = server
    page = signed_in(browser, base, "sam")
    page.click("a[href='/complaints/']")  # the sidebar link supervisors have
    row = page.locator(f"tr[data-complaint='{conversation}']")
    expect(row).to_contain_text("Charged twice")
    row.locator("a").first.click()
    expect(page.locator("#complaint-badge")).to_contain_text("Complaint")
    expect(page.locator(".side")).to_contain_text("Complaints desk")  # routed to the desk
    page.click("[data-solve]")
    expect(page.locator("body")).to_contain_text(
        "Record the root cause and what was done before solving a complaint."
    )
    expect(page.locator("#status")).not_to_contain_text("Solved")
    page.select_option("#complaint-root-cause", label="Double charge")
    page.fill("#complaint-resolution", "Refunded the second charge and apologised")
    shoot(page, "complaint-root-cause-en")
    page.click("#complaint-solve")
    expect(page.locator("#status")).to_contain_text("Solved")
    expect(page.locator("#complaint-panel")).to_contain_text("Resolved")
    page.goto(f"{base}/complaints/")
    expect(page.locator(f"tr[data-complaint='{conversation}']")).to_have_count(0)
    expect(page.locator("#complaint-causes")).to_contain_text("Double charge")


def test_the_persian_alert_page_is_right_to_left_and_records_the_decision(
    browser: Browser, server: tuple[str, int]
) -> None:
    base, _conversation = server
    page = signed_in(browser, base, "dariush")
    page.goto(f"{base}/complaints/alerts/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    alert = page.locator("[data-alert]", has_text="Delivery fee")
    expect(alert).to_contain_text("۶ مشتری این هفته درباره Delivery fee شکایت کردند")
    expect(alert).to_contain_text(re.compile(JALALI_MONTHS))
    alert.locator("a").first.click()
    page.select_option("#decision-form select[name=verdict]", "changed")
    page.fill(
        "#decision-form textarea[name=why]", "هزینه ارسال برای سفارش‌های بالای یک میلیون حذف شد"
    )
    page.click("#decision-form button[type=submit]")
    expect(page.locator(".decision")).to_contain_text("سیاست تغییر کرد")
    expect(page.locator(".decision")).to_contain_text(re.compile("[۰-۹]"))
    shoot(page, "complaint-alert-fa")
