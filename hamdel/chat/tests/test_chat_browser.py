"""The chat in real Chromium: a customer's page on one loopback origin (a tiny http.server),
`hamdel run` on another, the agent's desk in a second browser context."""

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from hamdel.server.tests.processes import env_for, free_port, run, start, stop, wait_until_up
from hamdel.test import PASSWORD

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
EXCHANGES = {
    "en": ("Where is my order?", "It left our warehouse today."),
    "fa": ("سلام، سفارشم کجاست؟", "امروز از انبار فرستاده شد."),
    "tr": ("Merhaba, siparişim nerede?", "Bugün depodan çıktı."),
    "ru": ("Здравствуйте, где мой заказ?", "Сегодня он покинул склад."),
}
LAUNCHER = {
    "en": "Talk to a person",
    "fa": "گفتگو با یک انسان",
    "tr": "Bir kişiyle konuşun",
    "ru": "Поговорить с человеком",
}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """`hamdel run`, a customer's site whose origin the widget lists, and one it does not."""
    home = tmp_path_factory.mktemp("hamdel-chat-browser")
    pages = tmp_path_factory.mktemp("customer-site")
    servers = [
        ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(pages)))
        for _ in range(2)
    ]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    shop, elsewhere = (f"http://127.0.0.1:{server.server_address[1]}" for server in servers)
    env = env_for(home)
    env.pop("HAMDEL_DATABASE_URL", None)
    env.pop("HAMDEL_REDIS_URL", None)
    port, log = free_port(), home / "run.log"
    process = start(["run", "--port", str(port)], env, log)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process, log, 120)
        code = f"from hamdel.chat.tests.seed import seed; seed({shop!r})"
        seeded = json.loads(run(["shell", "-c", code], env).strip().splitlines()[-1])
        hamdel = f"http://127.0.0.1:{port}"
        (pages / "index.html").write_text(
            "<!doctype html><html><head><meta charset=utf-8><title>Shop</title></head>"
            "<body><h1>Our shop</h1>"
            f'<script src="{hamdel}/chat/widget.js" data-widget="{seeded["widget"]}" '
            "async></script>"
            "</body></html>",
            encoding="utf-8",
        )
        yield {"hamdel": hamdel, "shop": shop, "elsewhere": elsewhere, "env": env, **seeded}
    finally:
        stop(process)
        for server in servers:
            server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--autoplay-policy=no-user-gesture-required",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def agent(browser: Browser, site: dict[str, Any]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(f"{site['hamdel']}/login/")
    page.fill("input[name=username]", site["alice"])
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"{site['hamdel']}/**")
    page.goto(f"{site['hamdel']}/chat/desk/")
    expect(page.locator("[data-chat-available]")).to_be_checked()
    yield page
    context.close()


def visitor(browser: Browser, language: str) -> BrowserContext:
    return browser.new_context(locale=language, viewport={"width": 1000, "height": 800})


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_a_visitor_and_an_agent_chat_in_four_languages_and_a_reload_resumes(
    browser: Browser, site: dict[str, Any], agent: Page
) -> None:
    for language, (question, answer) in EXCHANGES.items():
        context = visitor(browser, language)
        page = context.new_page()
        page.goto(f"{site['shop']}/")
        launcher = page.locator("[data-chat=launcher]")
        expect(launcher).to_have_text(LAUNCHER[language])
        launcher.focus()
        page.keyboard.press("Enter")  # keyboard only
        panel = page.locator("#hamdel-chat-panel")
        expect(panel).to_be_visible()
        expect(panel).to_have_attribute("dir", "rtl" if language == "fa" else "ltr")
        expect(panel).to_have_attribute("lang", language)
        page.keyboard.type(question)  # the message box has the focus
        page.keyboard.press("Enter")
        expect(page.locator(".msg.in").last).to_contain_text(question)
        expect(page.locator(".msg.in small").last).to_have_attribute("data-receipt", "sent")

        offer = agent.locator("[data-chat-offer]").last
        expect(offer).to_contain_text(question[:20])
        offer.locator("button").click()
        card = agent.locator("[data-chat-card]").last
        expect(card.locator(".chat-line.inbound").last).to_contain_text(question)
        expect(page.locator("[data-chat=status]")).to_contain_text("alice")
        # The agent read it: the visitor sees the receipt.
        expect(page.locator(".msg.in small").last).to_have_attribute("data-receipt", "read")
        card.locator("textarea").fill(answer)
        card.locator("textarea").press("Enter")
        expect(page.locator(".msg.out").last).to_contain_text(answer)
        shoot(page, f"chat-visitor-{language}")
        if language != "ru":
            context.close()
            continue
        page.reload()
        expect(page.locator("#hamdel-chat-panel")).to_be_visible()
        expect(page.locator(".msg.in").first).to_contain_text(question)
        expect(page.locator(".msg.out").last).to_contain_text(answer)
        page.locator("[data-chat=text]").fill("Спасибо!")
        page.locator("[data-chat=text]").press("Enter")
        expect(card.locator(".chat-line.inbound").last).to_contain_text("Спасибо!")
        context.close()
    shoot(agent, "chat-desk")
    assert agent.locator("[data-chat-card]").count() == 4  # several chats at once


def test_when_nobody_is_available_the_visitor_leaves_a_message_with_an_email(
    browser: Browser, site: dict[str, Any], agent: Page
) -> None:
    agent.locator("[data-chat-available]").uncheck()
    agent.wait_for_timeout(300)
    context = visitor(browser, "en")
    page = context.new_page()
    page.goto(f"{site['shop']}/")
    page.locator("[data-chat=launcher]").click()
    expect(page.locator("[data-chat=status]")).to_have_text(
        "Nobody is available to chat right now."
    )
    expect(page.locator("[data-chat=leave-form]")).to_be_visible()
    page.locator("[data-chat=contact]").fill("olga@example.com")
    page.locator("[data-chat=leave-text]").fill("Please send me the invoice.")
    page.locator("[data-chat=leave]").click()
    expect(page.locator("[data-chat=status]")).to_have_text(
        "Thank you. We will answer you by email."
    )
    shoot(page, "chat-left-message")
    context.close()
    code = "from hamdel.chat.tests.seed import contact_of_latest_chat; contact_of_latest_chat()"
    found = json.loads(run(["shell", "-c", code], site["env"]).strip().splitlines()[-1])
    assert ["email", "olga@example.com"] in found["identities"]
    agent.locator("[data-chat-available]").check()


def test_a_page_on_an_origin_not_listed_cannot_connect(
    browser: Browser, site: dict[str, Any]
) -> None:
    context = visitor(browser, "en")
    page = context.new_page()
    page.goto(f"{site['elsewhere']}/")
    page.locator("[data-chat=launcher]").click()
    expect(page.locator("[data-chat=status]")).to_have_text(
        "The chat cannot connect from this page.", timeout=15000
    )
    context.close()
