"""The customer and conversation pages fit a 1400-pixel window and keep the inbox views in
the sidebar, in every language, in a real Chromium against `hamdel run --demo`."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from hamdel.workspace.tests.test_workspace_browser import (
    ADMIN_PASSWORD,
    base,
    browser,
    shoot,
)

pytestmark = pytest.mark.browser
__all__ = ["base", "browser"]  # the module fixtures, shared with the workspace browser test

WIDTH, HEIGHT = 1400, 900
# What overflows: the page's own width, and any element whose box passes the right edge
# (the left edge in Persian) of the window. Hidden and zero-sized elements do not count.
OVERFLOWING = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 0.5 || box.left < -0.5) {
      out.push(`${element.tagName.toLowerCase()}.${element.className} ${box.left}..${box.right}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 10)};
}"""


@pytest.fixture(scope="module")
def agent(browser: Browser, base: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"{base}/inbox/**")
    yield page
    context.close()


def _in_language(page: Page, base: str, language: str) -> None:
    page.goto(f"{base}/inbox/?view=all")
    page.select_option("#language-select", language)
    expect(page.locator("html")).to_have_attribute("lang", language)


def _assert_fits(page: Page) -> None:
    found = page.evaluate(OVERFLOWING)
    assert found["scroll"] <= found["width"], found
    assert found["out"] == [], found


def _assert_sidebar_lists_the_inbox_views(page: Page, base: str) -> None:
    links = page.locator("#sidebar .nav-views a[href*='view=']")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    for view in ("mine", "unassigned", "team", "all", "waiting", "solved", "spam"):
        assert any(href.endswith(f"view={view}") for href in hrefs), (view, hrefs)


@pytest.mark.parametrize("language", ["en", "fa", "tr", "ru"])
def test_the_customer_page_fits_the_window_and_keeps_the_inbox_views(
    agent: Page, base: str, language: str
) -> None:
    _in_language(agent, base, language)
    agent.goto(f"{base}/customers/")
    agent.locator("table.list a[href^='/customers/']").first.click()
    expect(agent.locator("#timeline")).to_be_visible()
    shoot(agent, f"customer-{language}")
    _assert_fits(agent)
    profile = agent.locator("aside.side .panel").first.bounding_box()
    assert profile is not None
    left, right = profile["x"], profile["x"] + profile["width"]
    assert left >= 0
    assert right <= WIDTH
    for field in (
        agent.locator("aside.side .panel")
        .first.locator("input:not([type=hidden]), select, textarea")
        .all()
    ):
        box = field.bounding_box()
        assert box is not None
        assert box["x"] >= left, box
        assert box["x"] + box["width"] <= right, box
    _assert_sidebar_lists_the_inbox_views(agent, base)


@pytest.mark.parametrize("language", ["en", "fa", "tr", "ru"])
def test_the_conversation_page_fits_the_window_and_keeps_the_inbox_views(
    agent: Page, base: str, language: str
) -> None:
    _in_language(agent, base, language)
    agent.locator("tr[data-href] .subject a").first.click()
    expect(agent.locator(".thread")).to_be_visible()
    shoot(agent, f"conversation-layout-{language}")
    _assert_fits(agent)
    _assert_sidebar_lists_the_inbox_views(agent, base)
