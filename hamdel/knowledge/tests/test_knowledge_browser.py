"""The knowledge base in a real Chromium against `hamdel run`: a Persian agent sees
Persian suggestions while writing and one click puts a canned reply, with a Jalali due
time, into the reply; a visitor finds a Persian article in the help centre whichever
letter variants they type, right to left, and switches to its English translation."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from hamdel.server.tests.processes import env_for, free_port, run, start, stop, wait_until_up

pytestmark = pytest.mark.browser

JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
SEED = """
from hamdel.knowledge import actions
from hamdel.test import make_agent, make_conversation, make_customer, make_team
team = make_team("Support")
dariush = make_agent("dariush", teams=[team], ui_language="fa")
customer = make_customer("Shirin Ahmadi", language="fa")
article = actions.create_article(
    language="fa", title="پیگیری سفارش", body="کد رهگیری سفارش در پیامک می‌آید.",
    actor=dariush.user,
)
actions.save_translation(
    article.article, "en", title="Tracking an order", body="The tracking code comes by SMS.",
    actor=dariush.user,
)
conversation = make_conversation(
    customer, team=team, subject="سفارش", body="سفارش من نرسیده، کد رهگیری کجاست؟"
)
print(conversation.pk)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    home = tmp_path_factory.mktemp("knowledge-browser")
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


def test_a_persian_agent_gets_persian_suggestions_and_a_canned_reply_with_a_jalali_time(
    browser: Browser, server: tuple[str, int]
) -> None:
    base, conversation = server
    page = _signed_in(browser, base, "dariush")
    page.goto(f"{base}/conversations/{conversation}/")

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    suggestions = page.locator("#kb-suggestions")
    expect(suggestions).to_have_attribute("lang", "fa")
    expect(suggestions.locator(".kb-articles")).to_contain_text("پیگیری سفارش")
    suggestions.get_by_role("button", name="Call back by a time").click()

    reply = page.locator("#reply-body")
    expect(reply).to_have_value(re.compile("^سلام Shirin Ahmadi، مطمئن می‌شوم که تا "))
    expect(reply).to_have_value(re.compile(JALALI_MONTHS))
    expect(reply).to_have_value(re.compile("[۰-۹]"))
    expect(page.locator("#kb-applied")).not_to_be_empty()


def test_a_visitor_finds_the_persian_article_with_arabic_letters_and_switches_language(
    browser: Browser, server: tuple[str, int]
) -> None:
    base, _conversation = server
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(f"{base}/help/?lang=fa")

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.fill("#help-q", "پيگيري سفارش")  # Arabic yeh, as many keyboards type it
    page.click(".help-search button")
    expect(page.locator("#help-results")).to_contain_text("پیگیری سفارش")
    page.locator("#help-results a").first.click()
    expect(page.locator("h1")).to_have_text("پیگیری سفارش")

    page.click("nav.languages a[hreflang=en]")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("Tracking an order")
    page.click("button[value=yes]")
    expect(page.locator("#vote")).to_contain_text("Thank you for telling us.")
