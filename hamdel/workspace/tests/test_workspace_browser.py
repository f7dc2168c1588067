"""The agent workspace in a real Chromium against `hamdel run --demo`, in four languages."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from hamdel.server.tests.processes import env_for, free_port, start, stop, wait_until_up

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
ADMIN_PASSWORD = "browser-admin-password"  # noqa: S105 - a throwaway test installation
JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
# Names of formats, not words of the interface.
LATIN_ALLOWED = {"CSV", "API"}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("hamdel-browser")
    env = env_for(home, HAMDEL_ADMIN_PASSWORD=ADMIN_PASSWORD)
    env.pop("HAMDEL_DATABASE_URL", None)
    env.pop("HAMDEL_REDIS_URL", None)
    port, log = free_port(), home / "run.log"
    server = start(["run", "--demo", "--port", str(port)], env, log)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server, log, 120)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server)


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


@pytest.fixture
def admin(browser: Browser, base: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"{base}/inbox/**")
    yield page
    context.close()


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_filtering_the_inbox_and_assigning_two_conversations_at_once(
    admin: Page, base: str
) -> None:
    admin.goto(f"{base}/inbox/?view=all")
    admin.select_option("select[name=status]", "waiting")
    expect(admin).to_have_url(re.compile(r"status=waiting"))
    rows = admin.locator("tr[data-href]")
    expect(rows.first).to_be_visible()
    assert rows.count() == admin.locator("tr[data-href] .pill-waiting").count()

    rows.nth(0).locator("input[name=ids]").check()
    rows.nth(1).locator("input[name=ids]").check()
    admin.select_option("#bulk-form select[name=action]", "assign")
    admin.select_option("#bulk-form select[name=assignee]", label="sara")
    admin.click("#bulk-form button[type=submit]")
    expect(admin.locator(".flash")).to_contain_text("2 conversations changed.")
    for index in (0, 1):  # the two just changed are now the most recently updated
        expect(admin.locator("tr[data-href]").nth(index)).to_contain_text("sara")


def test_replying_with_an_attachment_and_mentioning_a_colleague_in_a_note(
    admin: Page, base: str, tmp_path: Path
) -> None:
    admin.goto(f"{base}/inbox/?view=all")
    admin.locator("tr[data-href] .subject a").first.click()
    label = tmp_path / "return-label.pdf"
    label.write_bytes(b"%PDF-1.4 a return label")
    admin.fill("#reply-body", "Here is your return label.")
    admin.set_input_files("input[name=files]", str(label))
    admin.click("#reply-form button[type=submit]:not([name])")
    expect(admin.locator(".thread .outbound").last).to_contain_text("Here is your return label.")
    expect(admin.locator(".attachments a", has_text="return-label.pdf")).to_be_visible()

    admin.keyboard.press("n")
    admin.fill("#note-body", "@sara can you call the courier?")
    admin.click("#note-form button[type=submit]")
    expect(admin.locator(".thread .note .mention").last).to_have_text("@sara")


def test_merging_two_conversations(admin: Page, base: str) -> None:
    admin.goto(f"{base}/inbox/?view=all")
    numbers = admin.locator("tr[data-number]").evaluate_all(
        "rows => rows.slice(0, 2).map(row => row.dataset.number)"
    )
    admin.locator("tr[data-href] .subject a").first.click()
    admin.fill("input[name=target]", numbers[1])
    admin.click("text=Merge into")
    expect(admin.locator(".flash")).to_contain_text(f"Merged into #{numbers[1]}.")
    expect(admin.locator("h1")).to_contain_text(numbers[1])


def test_a_customers_timeline_shows_their_history(admin: Page, base: str) -> None:
    admin.goto(f"{base}/customers/")
    admin.locator("table.list a").first.click()
    timeline = admin.locator("#timeline li[data-verb]")
    expect(timeline.first).to_be_visible()
    assert timeline.count() >= 2
    expect(admin.locator('#timeline li[data-verb="customer.created"]')).to_have_count(1)


def test_an_administrator_invites_a_colleague(admin: Page, base: str) -> None:
    admin.goto(f"{base}/staff/")
    form = admin.locator("#invite-form")
    form.locator("input[name=username]").fill("dina")
    form.locator("input[name=name]").fill("Dina Rahimi")
    form.locator("input[name=email]").fill("dina@example.com")
    form.locator("button[type=submit]").click()
    expect(admin.locator(".flash")).to_contain_text("dina is invited")
    expect(admin.locator("#staff a", has_text="dina")).to_be_visible()


def test_the_workspace_mirrors_in_persian_with_jalali_dates_and_no_english(
    admin: Page, base: str
) -> None:
    admin.goto(f"{base}/inbox/?view=all")
    sidebar_ltr = admin.locator("#sidebar").bounding_box()
    admin.select_option("#language-select", "fa")
    expect(admin.locator("html")).to_have_attribute("dir", "rtl")
    sidebar_rtl = admin.locator("#sidebar").bounding_box()
    main = admin.locator(".main").bounding_box()
    assert sidebar_ltr is not None
    assert sidebar_rtl is not None
    assert main is not None
    assert sidebar_ltr["x"] == 0
    assert sidebar_rtl["x"] > main["x"]  # the sidebar moved to the right-hand edge
    assert sidebar_rtl["x"] + sidebar_rtl["width"] == pytest.approx(1400, abs=1)

    dates = admin.locator("tr[data-href] time").all_inner_texts()
    assert any(re.search(JALALI_MONTHS, text) for text in dates), dates
    assert re.search("[۰-۹]", admin.locator("#total").inner_text())
    interface_text = admin.evaluate(
        """() => {
            const skip = "[data-content], [lang]:not([lang=fa]), code, kbd, script, style";
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            const parts = [];
            while (walker.nextNode()) {
                const node = walker.currentNode;
                if (!node.parentElement.closest(skip)) parts.push(node.data);
            }
            return parts.join(" ");
        }"""
    )
    english = set(re.findall(r"[A-Za-z]{3,}", interface_text)) - LATIN_ALLOWED
    assert english == set()


@pytest.mark.parametrize("language", ["en", "fa", "tr", "ru"])
def test_screenshots_of_the_inbox_and_a_conversation(admin: Page, base: str, language: str) -> None:
    admin.goto(f"{base}/inbox/?view=all")
    admin.select_option("#language-select", language)
    expect(admin.locator("html")).to_have_attribute("lang", language)
    shoot(admin, f"inbox-{language}")
    admin.locator("tr[data-href] .subject a").nth(2).click()
    expect(admin.locator(".thread")).to_be_visible()
    shoot(admin, f"conversation-{language}")


def test_keyboard_shortcuts_move_select_open_and_reply(admin: Page, base: str) -> None:
    admin.goto(f"{base}/inbox/?view=all")
    rows = admin.locator("tr[data-href]")
    expect(rows.nth(1)).to_be_visible()
    admin.keyboard.press("j")
    admin.keyboard.press("j")
    expect(rows.nth(1)).to_have_class(re.compile(r"\bselected\b"))
    admin.keyboard.press("k")
    expect(rows.nth(0)).to_have_class(re.compile(r"\bselected\b"))
    admin.keyboard.press("x")
    expect(rows.nth(0).locator("input[name=ids]")).to_be_checked()
    admin.keyboard.press("?")
    expect(admin.locator("#shortcuts")).to_be_visible()
    admin.keyboard.press("Escape")
    admin.keyboard.press("/")
    expect(admin.locator(".search input[type=search]")).to_be_focused()
    admin.locator(".search input[type=search]").blur()
    target = rows.nth(0).get_attribute("data-href")
    admin.keyboard.press("o")
    admin.wait_for_url(f"{base}{target}")
    admin.keyboard.press("r")
    expect(admin.locator("#reply-form textarea")).to_be_focused()
