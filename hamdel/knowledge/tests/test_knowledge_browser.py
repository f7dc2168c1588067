"""The knowledge base in a real Chromium against `hamdel run`: a Persian agent sees
Persian suggestions while writing and one click puts a canned reply, with a Jalali due
time, into the reply; a visitor finds a Persian article in the help centre whichever
letter variants they type, right to left, and switches to its English translation."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from hamdel.server.tests.browsing import chromium, seeded_server, signed_in

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
    with seeded_server(tmp_path_factory.mktemp("knowledge-browser"), SEED) as (base, printed):
        conversation = int(printed[-1])
        yield base, conversation


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def test_a_persian_agent_gets_persian_suggestions_and_a_canned_reply_with_a_jalali_time(
    browser: Browser, server: tuple[str, int]
) -> None:
    base, conversation = server
    page = signed_in(browser, base, "dariush")
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
