"""In a real Chromium against `hamdel run`: an abusive message arrives masked and one
click shows it; parting ways is proposed, approved and reversed; a Persian page.
"""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from hamdel.server.tests.browsing import chromium, seeded_server, signed_in

pytestmark = pytest.mark.browser

JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
SEED = """
from hamdel.people.models import Role
from hamdel.test import make_agent, make_conversation, make_customer, make_team
team = make_team("Support")
make_agent("alice", teams=[team])
make_agent("sam", role=Role.SUPERVISOR, teams=[team])
make_agent("ada", role=Role.ADMIN)
make_agent("dariush", role=Role.SUPERVISOR, teams=[team], ui_language="fa")
customer = make_customer("Cyrus Farahani")
body = "You are a fucking idiot, where is my order?"
conversation = make_conversation(customer, team=team, body=body)
print(conversation.pk, customer.pk)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, int]]:
    with seeded_server(tmp_path_factory.mktemp("conduct-browser"), SEED) as (base, printed):
        conversation, customer = printed[-2:]
        yield base, int(conversation), int(customer)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def test_an_abusive_message_arrives_masked_and_parting_ways_is_decided_and_reversed(
    browser: Browser, server: tuple[str, int, int]
) -> None:
    base, conversation, customer = server
    alice = signed_in(browser, base, "alice")
    alice.goto(f"{base}/conversations/{conversation}/")
    expect(alice.locator("#conduct-flag")).to_contain_text("Abusive")
    masked = alice.locator("#conduct .conduct-body").first
    expect(masked).to_contain_text("•••")
    expect(masked).not_to_contain_text("fucking")
    masked.get_by_role("button", name="Show the masked words").click()
    expect(alice.locator("#conduct [data-revealed]")).to_contain_text("fucking idiot")

    sam = signed_in(browser, base, "sam")
    sam.goto(f"{base}/customers/{customer}/")
    sam.locator("#conduct-propose input[name=evidence]").first.check()
    sam.fill("#conduct-propose textarea[name=reason]", "Insults our agents in every message")
    sam.locator("#conduct-propose button[type=submit]").click()
    expect(sam.locator("#conduct-customer [data-state=proposed]")).to_be_visible()

    ada = signed_in(browser, base, "ada")
    ada.goto(f"{base}/customers/{customer}/")
    ada.click("#conduct-approve")
    expect(ada.locator("#conduct-customer [data-state=approved]")).to_be_visible()
    ada.fill("#conduct-customer input[name=note]", "Appeal upheld")
    ada.click("#conduct-reverse")
    expect(ada.locator("#conduct-customer [data-state=reversed]")).to_be_visible()
    expect(ada.locator("#conduct-customer")).to_contain_text("Appeal upheld")
    ada.goto(f"{base}/audit/?customer={customer}")
    for verb in ("Proposed", "approved parting ways", "reversed parting ways"):
        expect(ada.locator("body")).to_contain_text(re.compile(verb, re.IGNORECASE))


def test_the_exposure_page_in_persian_is_right_to_left_with_jalali_dates(
    browser: Browser, server: tuple[str, int, int]
) -> None:
    base, _conversation, _customer = server
    page = signed_in(browser, base, "dariush")
    page.goto(f"{base}/conduct/exposure/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("مواجهه با توهین")
    expect(page.locator("#exposure time").first).to_have_text(re.compile(JALALI_MONTHS))
