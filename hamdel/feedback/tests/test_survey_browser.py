"""A Persian customer answers the survey from the link, in a real Chromium against
`hamdel run`: the page is right to left with Persian digits, one tap on a score sends it,
and the agent sees the score and the comment on the conversation (Jalali dates)."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from hamdel.server.tests.browsing import chromium, seeded_server

pytestmark = pytest.mark.browser

JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
SEED = """
from hamdel.feedback import actions, links
from hamdel.test import make_agent, make_conversation, make_customer, make_team
from hamdel.tickets.actions import change_status
team = make_team("Support")
make_agent("dariush", teams=[team], ui_language="fa")
customer = make_customer("Shirin Ahmadi", language="fa")
conversation = make_conversation(customer, team=team, subject="Router is down")
change_status(conversation, "solved", None)
survey = actions.send_csat(conversation.pk).survey
print(conversation.pk, links.token_for(survey.pk, survey.nonce))
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, str]]:
    with seeded_server(tmp_path_factory.mktemp("feedback-browser"), SEED) as (base, printed):
        conversation, token = printed[-2:]
        yield base, int(conversation), token


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _shoot(page: object, name: str) -> None:
    folder = Path(__file__).resolve().parents[3] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_a_persian_customer_answers_from_the_link_and_the_agent_sees_it(
    browser: Browser, server: tuple[str, int, str]
) -> None:
    base, conversation, token = server
    customer = browser.new_context(viewport={"width": 420, "height": 800}).new_page()
    customer.goto(f"{base}/feedback/{token}/")
    expect(customer.locator("html")).to_have_attribute("dir", "rtl")
    expect(customer.locator("html")).to_have_attribute("lang", "fa")
    expect(customer.locator("#question")).to_have_text("کار ما چطور بود؟")
    expect(customer.locator("#scores button")).to_have_count(5)
    expect(customer.locator("#scores button").last).to_have_text("۵")
    customer.fill("#id_comment", "خیلی سریع درست شد <b>ممنون</b>")
    _shoot(customer, "feedback-survey-fa")
    customer.click("#scores button[data-score='5']")
    expect(customer.locator("#thanks")).to_contain_text("سپاسگزاریم")
    expect(customer.locator("#thanks")).to_contain_text("۵ از ۵")
    expect(customer.locator("#your-comment")).to_have_text("خیلی سریع درست شد <b>ممنون</b>")
    # Changing one's mind updates the one answer.
    customer.click("#scores button[data-score='4']")
    expect(customer.locator("#thanks")).to_contain_text("۴ از ۵")

    agent = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    agent.goto(f"{base}/login/")
    agent.fill("input[name=username]", "dariush")
    agent.fill("input[name=password]", "correct horse battery staple")
    agent.click("form [type=submit]")
    agent.wait_for_url(f"{base}/inbox/**")
    agent.goto(f"{base}/conversations/{conversation}/")
    expect(agent.locator("html")).to_have_attribute("dir", "rtl")
    panel = agent.locator("#feedback")
    expect(panel.locator("[data-score]")).to_have_attribute("data-score", "4")
    expect(panel).to_contain_text("۴ از ۵")
    expect(panel).to_contain_text("خیلی سریع درست شد <b>ممنون</b>")
    expect(panel).to_contain_text(re.compile(JALALI_MONTHS))
    expect(panel).to_contain_text(re.compile("[۰-۹]"))
    _shoot(agent, "feedback-conversation-fa")
